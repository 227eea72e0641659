package io.staffsync.command.intake;

import io.staffsync.api.staff.StaffMetaData;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Axon wiring of the intake: provenance onto every event, idempotency on every staff command. */
@Configuration(proxyBeanMethods = false)
class CommandIntakeConfiguration {

    /** Copies the command's provenance metadata onto every event it causes. */
    @Bean
    CorrelationDataProvider staffProvenance() {
        return new SimpleCorrelationDataProvider(StaffMetaData.ACTOR, StaffMetaData.CLIENT_ID,
                StaffMetaData.COMMAND_ID, StaffMetaData.ISSUED_AT);
    }

    @Bean
    InitializingBean idempotentCommands(CommandBus commandBus, IdempotentCommandInterceptor interceptor) {
        return () -> commandBus.registerHandlerInterceptor(interceptor);
    }
}
