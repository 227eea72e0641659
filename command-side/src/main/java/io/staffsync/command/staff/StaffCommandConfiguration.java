package io.staffsync.command.staff;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
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

    /**
     * Staff members stay in memory between their commands, so a command neither reads the snapshot and events
     * again nor replays them. Another node (or a raw append) may have moved a cached staff member on; its append
     * then fails on the event store's unique key, the rollback evicts the entry, and the intake retries once from
     * the store ({@code StaffCommandIntake}). Any other rollback evicts too, so a cached entry is always a state
     * that was committed.
     */
    @Bean
    Cache staffMemberCache(AggregateCacheProperties properties) {
        return properties.maxSize() == 0 ? NoCache.INSTANCE : new AggregateCache(properties.maxSize());
    }
}
