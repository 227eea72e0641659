package io.staffsync.command.staff;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Axon wiring of the command side's own event handling. */
@Configuration(proxyBeanMethods = false)
class StaffCommandConfiguration {

    /**
     * The email registry must run in the appending transaction and fail it on a violation: a subscribing
     * processor (same thread, same transaction) with errors propagated instead of logged.
     */
    @Bean
    ConfigurerModule emailRegistryProcessing() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(ActiveEmailRegistry.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(ActiveEmailRegistry.PROCESSING_GROUP,
                        config -> PropagatingErrorHandler.instance());
    }
}
