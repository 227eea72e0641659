package io.staffsync.command.intake;

import io.staffsync.api.staff.StaffMetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Axon wiring of the intake. (The {@link IdempotentCommandInterceptor} bean needs no wiring: Axon's Spring
 * Boot support registers every command handler interceptor bean on the command bus.)
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CommandIntakeConfiguration implements SchedulingConfigurer {

    /** Its own thread for the expiry sweeper, so it never delays STOMP heartbeats on the broker's scheduler. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("conflict-expiry-");
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
        scheduler.initialize();
        registrar.setScheduler(scheduler);
    }

    /** Copies the command's provenance metadata onto every event it causes. */
    @Bean
    CorrelationDataProvider staffProvenance() {
        return new SimpleCorrelationDataProvider(StaffMetaData.ACTOR, StaffMetaData.CLIENT_ID,
                StaffMetaData.COMMAND_ID, StaffMetaData.ISSUED_AT);
    }

    /** Keeps Axon's correlation and trace ids, which defining our own provider would otherwise switch off. */
    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    /** Command bodies with properties they do not have are refused, naming the property ({@link StrictCommandBodies}). */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictCommandBodies() {
        return builder -> builder.postConfigurer(mapper -> mapper.addHandler(new StrictCommandBodies()));
    }
}
