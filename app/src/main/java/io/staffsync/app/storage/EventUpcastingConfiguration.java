package io.staffsync.app.storage;

import io.staffsync.api.staff.event.upcasting.StaffMemberRegisteredEventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The upcasters, as beans: Axon's Spring Boot configuration puts every {@link EventUpcaster} bean into the one
 * upcaster chain ({@code Configuration.upcasterChain()}), which the JDBC event store applies for aggregate
 * loading and the tracking processors, and the query side's {@code EventStoreReader} for the live feed. The
 * classes themselves live in {@code api} (see {@code io.staffsync.api.staff.event.upcasting}).
 */
@Configuration(proxyBeanMethods = false)
class EventUpcastingConfiguration {

    /** Chain order: upcasters of the same event type run oldest revision first. */
    @Bean
    @Order(1)
    EventUpcaster staffMemberRegisteredEventUpcaster() {
        return new StaffMemberRegisteredEventUpcaster();
    }
}
