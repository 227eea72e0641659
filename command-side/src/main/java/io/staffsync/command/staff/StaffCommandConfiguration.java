package io.staffsync.command.staff;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
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

    /**
     * Snapshots of {@link StaffMember} (in {@code snapshot_event_entry}, Jackson JSON like the events), so a staff
     * member with a long history loads from its latest snapshot and the events after it. Conflict detection
     * does not depend on them: the events a stale client has not seen are read from the event stream itself.
     */
    @Bean
    SnapshotTriggerDefinition staffMemberSnapshotTrigger(Snapshotter snapshotter, SnapshotProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.threshold());
    }
}
