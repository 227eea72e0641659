package io.staffsync.query.live;

import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.StaffMetaData;
import io.staffsync.api.staff.event.StaffConflictExpiredEvent;
import io.staffsync.api.staff.event.StaffConflictRaisedEvent;
import io.staffsync.api.staff.event.StaffConflictResolvedEvent;
import io.staffsync.api.staff.event.StaffMemberDeactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberEvent;
import io.staffsync.api.staff.event.StaffMemberReactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import io.staffsync.api.staff.wire.ChangeType;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.query.directory.StaffDirectoryProjection;
import io.staffsync.query.directory.StaffDirectoryRepository;
import io.staffsync.query.directory.StaffMemberEntry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes each change to {@code /topic/staff} and {@code /topic/staff.{staffId}}. It runs in the directory's
 * processing group right after the projection, so the pushed {@code state} is exactly the row at this
 * event's position; messages are held until the batch commits (nobody hears of a change that rolled back)
 * and then sent in position order. Replays rebuild the directory without re-announcing history.
 */
@Component
@ProcessingGroup(StaffDirectoryProjection.PROCESSING_GROUP)
@Order(2)
@DisallowReplay
class StaffChangePublisher {

    static final String ALL_STAFF = "/topic/staff";
    static final String ONE_STAFF_PREFIX = "/topic/staff.";
    private static final String PENDING = StaffChangePublisher.class.getName() + ".pending";

    private final StaffDirectoryRepository repository;
    private final SimpMessagingTemplate messaging;

    StaffChangePublisher(StaffDirectoryRepository repository, SimpMessagingTemplate messaging) {
        this.repository = repository;
        this.messaging = messaging;
    }

    @EventHandler
    void on(StaffMemberRegisteredEvent event, @SequenceNumber long version, TrackingToken token,
            @Timestamp Instant at, MetaData metaData) {
        publish(event, ChangeType.REGISTERED, StaffField.changesBetween(StaffDetails.EMPTY, event.details()), null,
                version, token, at, metaData);
    }

    @EventHandler
    void on(StaffMemberUpdatedEvent event, @SequenceNumber long version, TrackingToken token,
            @Timestamp Instant at, MetaData metaData) {
        publish(event, ChangeType.UPDATED, event.changes(), event.conflict(), version, token, at, metaData);
    }

    @EventHandler
    void on(StaffMemberDeactivatedEvent event, @SequenceNumber long version, TrackingToken token,
            @Timestamp Instant at, MetaData metaData) {
        publish(event, ChangeType.DEACTIVATED, List.of(), null, version, token, at, metaData);
    }

    @EventHandler
    void on(StaffMemberReactivatedEvent event, @SequenceNumber long version, TrackingToken token,
            @Timestamp Instant at, MetaData metaData) {
        publish(event, ChangeType.REACTIVATED, List.of(), null, version, token, at, metaData);
    }

    @EventHandler
    void on(StaffConflictRaisedEvent event, @SequenceNumber long version, TrackingToken token,
            @Timestamp Instant at, MetaData metaData) {
        publish(event, ChangeType.CONFLICT_RAISED, List.of(), event.conflict(), version, token, at, metaData);
    }

    @EventHandler
    void on(StaffConflictResolvedEvent event, @SequenceNumber long version, TrackingToken token,
            @Timestamp Instant at, MetaData metaData) {
        publish(event, ChangeType.CONFLICT_RESOLVED, List.of(), event.conflict(), version, token, at, metaData);
    }

    @EventHandler
    void on(StaffConflictExpiredEvent event, @SequenceNumber long version, TrackingToken token,
            @Timestamp Instant at, MetaData metaData) {
        publish(event, ChangeType.CONFLICT_EXPIRED, List.of(), event.conflict(), version, token, at, metaData);
    }

    private void publish(StaffMemberEvent event, ChangeType type, List<FieldChange> changes, ConflictOutcome conflict,
                         long version, TrackingToken token, Instant at, MetaData metaData) {
        StaffMemberEntry entry = repository.findById(event.staffId()).orElseThrow();
        StaffChangeMessage message = new StaffChangeMessage(token.position().orElseThrow(), event.staffId(), version,
                type, changes, entry.toView(), (String) metaData.get(StaffMetaData.ACTOR),
                (String) metaData.get(StaffMetaData.CLIENT_ID), (String) metaData.get(StaffMetaData.COMMAND_ID), at,
                conflict);
        pendingInThisBatch().add(message);
    }

    private List<StaffChangeMessage> pendingInThisBatch() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            List<StaffChangeMessage> pending = new ArrayList<>();
            batch.afterCommit(committed -> pending.forEach(this::send));
            return pending;
        });
    }

    private void send(StaffChangeMessage message) {
        messaging.convertAndSend(ALL_STAFF, message);
        messaging.convertAndSend(ONE_STAFF_PREFIX + message.staffId(), message);
    }
}
