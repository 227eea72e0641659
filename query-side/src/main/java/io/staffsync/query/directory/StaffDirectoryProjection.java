package io.staffsync.query.directory;

import io.staffsync.api.staff.FieldChange;
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
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Builds {@code staff_directory} from the event store. Each row remembers the version it reflects, so an
 * event delivered twice (a retried batch, a replay over existing rows) changes nothing the second time, and the
 * global position of the event that made it ({@code last_position}): the event's own, read by
 * {@link GlobalPositions}, because a tracking token is past it when the event filled a gap.
 */
@Component
@ProcessingGroup(StaffDirectoryProjection.PROCESSING_GROUP)
public class StaffDirectoryProjection {

    public static final String PROCESSING_GROUP = "staff-directory";

    private final StaffDirectoryRepository repository;
    private final GlobalPositions positions;

    StaffDirectoryProjection(StaffDirectoryRepository repository, GlobalPositions positions) {
        this.repository = repository;
        this.positions = positions;
    }

    @EventHandler
    void on(StaffMemberRegisteredEvent event, @SequenceNumber long version, @MessageIdentifier String eventId,
            @Timestamp Instant at, @MetaDataValue(StaffMetaData.ACTOR) String actor) {
        if (repository.existsById(event.staffId())) {
            return;
        }
        repository.save(new StaffMemberEntry(event.staffId(), event.details(), version, positions.of(eventId), at,
                actor));
    }

    @EventHandler
    void on(StaffMemberUpdatedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId,
            @Timestamp Instant at, @MetaDataValue(StaffMetaData.ACTOR) String actor) {
        StaffMemberEntry entry = unapplied(event.staffId(), version);
        if (entry == null) {
            return;
        }
        StaffDetails details = entry.details();
        for (FieldChange change : event.changes()) {
            details = change.field().with(details, change.newValue());
        }
        entry.apply(details, version, positions.of(eventId), at, actor);
    }

    @EventHandler
    void on(StaffMemberDeactivatedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId,
            @Timestamp Instant at, @MetaDataValue(StaffMetaData.ACTOR) String actor) {
        StaffMemberEntry entry = unapplied(event.staffId(), version);
        if (entry != null) {
            entry.setActive(false, version, positions.of(eventId), at, actor);
        }
    }

    @EventHandler
    void on(StaffMemberReactivatedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId,
            @Timestamp Instant at, @MetaDataValue(StaffMetaData.ACTOR) String actor) {
        StaffMemberEntry entry = unapplied(event.staffId(), version);
        if (entry != null) {
            entry.setActive(true, version, positions.of(eventId), at, actor);
        }
    }

    @EventHandler
    void on(StaffConflictRaisedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId,
            @Timestamp Instant at, @MetaDataValue(StaffMetaData.ACTOR) String actor) {
        touch(event, version, eventId, at, actor);
    }

    @EventHandler
    void on(StaffConflictResolvedEvent event, @SequenceNumber long version, @MessageIdentifier String eventId,
            @Timestamp Instant at, @MetaDataValue(StaffMetaData.ACTOR) String actor) {
        touch(event, version, eventId, at, actor);
    }

    @EventHandler
    void on(StaffConflictExpiredEvent event, @SequenceNumber long version, @MessageIdentifier String eventId,
            @Timestamp Instant at, @MetaDataValue(StaffMetaData.ACTOR) String actor) {
        touch(event, version, eventId, at, actor);
    }

    private void touch(StaffMemberEvent event, long version, String eventId, Instant at, String actor) {
        StaffMemberEntry entry = unapplied(event.staffId(), version);
        if (entry != null) {
            entry.touch(version, positions.of(eventId), at, actor);
        }
    }

    @ResetHandler
    void reset() {
        repository.deleteAllInBatch();
    }

    /** The row if this version is news to it; null if the event was applied before. */
    private StaffMemberEntry unapplied(String staffId, long version) {
        StaffMemberEntry entry = repository.findById(staffId).orElseThrow(() -> new IllegalStateException(
                "event version " + version + " for unknown staff member " + staffId));
        return entry.version() >= version ? null : entry;
    }
}
