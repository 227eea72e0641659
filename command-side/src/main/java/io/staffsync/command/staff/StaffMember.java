package io.staffsync.command.staff;

import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.InvalidFieldValueException;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.command.DeactivateStaffMemberCommand;
import io.staffsync.api.staff.command.ReactivateStaffMemberCommand;
import io.staffsync.api.staff.command.RegisterStaffMemberCommand;
import io.staffsync.api.staff.command.UpdateStaffMemberCommand;
import io.staffsync.api.staff.event.StaffMemberDeactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberReactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import io.staffsync.api.staff.query.StaffMemberView;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.conflictresolution.ConflictResolver;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A staff member, event sourced. Its version is the sequence number of its last event (0 after
 * registration). Handlers check, then apply; event sourcing handlers only set fields.
 */
@Aggregate
class StaffMember {

    @AggregateIdentifier
    private String staffId;
    private StaffDetails details;
    private boolean active;
    private long version;

    StaffMember() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    StaffMember(RegisterStaffMemberCommand command) {
        StaffDetails validated = validRegistration(command.details());
        apply(new StaffMemberRegisteredEvent(command.staffId(), validated, command.reason()));
    }

    @CommandHandler
    StaffCommandOutcome handle(UpdateStaffMemberCommand command, ConflictResolver conflictResolver) {
        rejectStaleVersion(command.expectedVersion(), conflictResolver);
        requireActive();
        StaffDetails patched = details;
        for (Map.Entry<StaffField, Object> change : command.changes().entrySet()) {
            StaffField field = change.getKey();
            patched = field.with(patched, validated(field, change.getValue()));
        }
        List<FieldChange> changes = StaffField.changesBetween(details, patched);
        if (!changes.isEmpty()) {
            apply(new StaffMemberUpdatedEvent(staffId, changes, command.expectedVersion(), command.reason()));
        }
        return outcome();
    }

    @CommandHandler
    StaffCommandOutcome handle(DeactivateStaffMemberCommand command, ConflictResolver conflictResolver) {
        rejectStaleVersion(command.expectedVersion(), conflictResolver);
        if (active) {
            apply(new StaffMemberDeactivatedEvent(staffId, command.expectedVersion(), command.reason()));
        }
        return outcome();
    }

    @CommandHandler
    StaffCommandOutcome handle(ReactivateStaffMemberCommand command, ConflictResolver conflictResolver) {
        rejectStaleVersion(command.expectedVersion(), conflictResolver);
        if (!active) {
            apply(new StaffMemberReactivatedEvent(staffId, command.expectedVersion(), command.reason()));
        }
        return outcome();
    }

    @EventSourcingHandler
    void on(StaffMemberRegisteredEvent event, @SequenceNumber long sequenceNumber) {
        staffId = event.staffId();
        details = event.details();
        active = true;
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(StaffMemberUpdatedEvent event, @SequenceNumber long sequenceNumber) {
        for (FieldChange change : event.changes()) {
            details = change.field().with(details, change.newValue());
        }
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(StaffMemberDeactivatedEvent event, @SequenceNumber long sequenceNumber) {
        active = false;
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(StaffMemberReactivatedEvent event, @SequenceNumber long sequenceNumber) {
        active = true;
        version = sequenceNumber;
    }

    /**
     * The seam for conflict strategies: Axon hands us the events the client has not seen (those after its
     * {@code expectedVersion}). For now any unseen event makes the command stale.
     */
    private void rejectStaleVersion(long expectedVersion, ConflictResolver conflictResolver) {
        conflictResolver.detectConflicts(unseen -> !unseen.isEmpty(),
                conflict -> new StaleVersionException(expectedVersion, currentView()));
    }

    private void requireActive() {
        if (!active) {
            throw new StaffMemberInactiveException(staffId);
        }
    }

    private StaffCommandOutcome outcome() {
        return new StaffCommandOutcome(staffId, version);
    }

    private StaffMemberView currentView() {
        return StaffMemberView.of(staffId, version, active, details);
    }

    private static StaffDetails validRegistration(StaffDetails requested) {
        if (requested == null) {
            throw new InvalidStaffDetailsException("fields", "a staff member needs at least firstName, lastName and email");
        }
        StaffDetails registered = StaffDetails.EMPTY;
        for (StaffField field : StaffField.values()) {
            registered = field.with(registered, validated(field, field.valueIn(requested)));
        }
        return registered;
    }

    private static Object validated(StaffField field, Object value) {
        try {
            return field.normalize(value);
        } catch (InvalidFieldValueException e) {
            throw new InvalidStaffDetailsException(e.field(), e.getMessage());
        }
    }
}
