package io.staffsync.command.staff;

import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.InvalidFieldValueException;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.command.DeactivateStaffMemberCommand;
import io.staffsync.api.staff.command.ReactivateStaffMemberCommand;
import io.staffsync.api.staff.command.RegisterStaffMemberCommand;
import io.staffsync.api.staff.command.UpdateStaffMemberCommand;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.event.StaffMemberDeactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberReactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import io.staffsync.api.staff.query.StaffMemberView;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.conflictresolution.ConflictResolver;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.EnumMap;
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
        requireActive();
        Map<StaffField, Object> requested = new EnumMap<>(StaffField.class);
        command.changes().forEach((field, value) -> requested.put(field, validated(field, value)));
        List<DomainEventMessage<?>> unseen = unseenEvents(conflictResolver);
        if (unseen.isEmpty()) {
            return applyUpdate(requested, command, null);
        }
        StaleUpdate stale = StaleUpdate.of(command.expectedVersion(), version, details, requested, unseen);
        StaleUpdate.Settlement settlement = stale.settle(command.strategy(), command.tieBreak());
        if (settlement.rejected()) {
            throw new StaleVersionException(command.expectedVersion(), currentView(), settlement.outcome());
        }
        return applyUpdate(settlement.writes(), command, settlement.outcome());
    }

    private StaffCommandOutcome applyUpdate(Map<StaffField, Object> writes, UpdateStaffMemberCommand command,
                                            ConflictOutcome conflict) {
        StaffDetails patched = details;
        for (Map.Entry<StaffField, Object> write : writes.entrySet()) {
            patched = write.getKey().with(patched, write.getValue());
        }
        List<FieldChange> changes = StaffField.changesBetween(details, patched);
        boolean settledAConflict = conflict != null && !conflict.contested().isEmpty();
        if (!changes.isEmpty() || settledAConflict) {
            apply(new StaffMemberUpdatedEvent(staffId, changes, command.expectedVersion(), command.reason(), conflict));
        }
        return new StaffCommandOutcome(staffId, version, conflict);
    }

    @CommandHandler
    StaffCommandOutcome handle(DeactivateStaffMemberCommand command, ConflictResolver conflictResolver) {
        rejectStaleActivation(command.expectedVersion(), conflictResolver);
        if (active) {
            apply(new StaffMemberDeactivatedEvent(staffId, command.expectedVersion(), command.reason()));
        }
        return outcome();
    }

    @CommandHandler
    StaffCommandOutcome handle(ReactivateStaffMemberCommand command, ConflictResolver conflictResolver) {
        rejectStaleActivation(command.expectedVersion(), conflictResolver);
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
     * The events the client has not seen (after its {@code expectedVersion}), as Axon's conflict resolution
     * hands them over; empty when the client was up to date. Asking marks the conflict as handled here.
     */
    private static List<DomainEventMessage<?>> unseenEvents(ConflictResolver conflictResolver) {
        List<DomainEventMessage<?>> unseen = new ArrayList<>();
        conflictResolver.detectConflicts(events -> {
            unseen.addAll(events);
            return false;
        });
        return unseen;
    }

    /**
     * Activation changes are first-writer-wins whatever the strategy: a stale deactivate or reactivate is
     * applied only if nobody changed the staff member's activation since the client's version.
     */
    private void rejectStaleActivation(long expectedVersion, ConflictResolver conflictResolver) {
        boolean activationChanged = unseenEvents(conflictResolver).stream()
                .anyMatch(event -> event.getPayload() instanceof StaffMemberDeactivatedEvent
                        || event.getPayload() instanceof StaffMemberReactivatedEvent);
        if (activationChanged) {
            throw new StaleVersionException(expectedVersion, currentView(), null);
        }
    }

    private void requireActive() {
        if (!active) {
            throw new StaffMemberInactiveException(staffId);
        }
    }

    private StaffCommandOutcome outcome() {
        return new StaffCommandOutcome(staffId, version, null);
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
