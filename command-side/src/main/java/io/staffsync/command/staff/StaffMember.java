package io.staffsync.command.staff;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.InvalidFieldValueException;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.command.DeactivateStaffMemberCommand;
import io.staffsync.api.staff.command.ReactivateStaffMemberCommand;
import io.staffsync.api.staff.command.RegisterStaffMemberCommand;
import io.staffsync.api.staff.FieldValue;
import io.staffsync.api.staff.StaffMetaData;
import io.staffsync.api.staff.command.ExpireStaffConflictCommand;
import io.staffsync.api.staff.command.ResolveStaffConflictCommand;
import io.staffsync.api.staff.command.UpdateStaffMemberCommand;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.FieldChoice;
import io.staffsync.api.staff.conflict.FieldConflict;
import io.staffsync.api.staff.conflict.FieldOutcome;
import io.staffsync.api.staff.event.StaffConflictExpiredEvent;
import io.staffsync.api.staff.event.StaffConflictRaisedEvent;
import io.staffsync.api.staff.event.StaffConflictResolvedEvent;
import io.staffsync.api.staff.event.StaffMemberDeactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberReactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import io.staffsync.api.staff.query.StaffMemberView;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.conflictresolution.ConflictResolver;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A staff member, event sourced. Its version is the sequence number of its last event (0 after
 * registration). Handlers check, then apply; event sourcing handlers only set fields.
 * <p>
 * Snapshots store its fields as JSON (Jackson reads and writes the fields directly, no accessors), so every
 * field must survive that round trip: see {@link PendingConflict} for the values that come back JSON-shaped.
 */
@Aggregate(snapshotTriggerDefinition = "staffMemberSnapshotTrigger", cache = "staffMemberCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE,
        creatorVisibility = JsonAutoDetect.Visibility.NONE)
class StaffMember {

    @AggregateIdentifier
    private String staffId;
    private StaffDetails details;
    private boolean active;
    private long version;
    private final Map<UUID, PendingConflict> pendingConflicts = new LinkedHashMap<>();

    StaffMember() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    StaffMember(RegisterStaffMemberCommand command) {
        StaffDetails validated = validRegistration(command.details());
        apply(new StaffMemberRegisteredEvent(command.staffId(), validated, command.reason()));
    }

    @CommandHandler
    StaffCommandOutcome handle(UpdateStaffMemberCommand command, ConflictResolver conflictResolver,
                               @MetaDataValue(StaffMetaData.ACTOR) String actor) {
        requireActive();
        Map<StaffField, Object> requested = new EnumMap<>(StaffField.class);
        command.changes().forEach((field, value) -> requested.put(field, validated(field, value)));
        List<DomainEventMessage<?>> unseen = unseenEvents(conflictResolver);
        if (unseen.isEmpty()) {
            return applyUpdate(requested, command.expectedVersion(), command.reason(), null);
        }
        StaleUpdate stale = StaleUpdate.of(command.expectedVersion(), version, details, requested, unseen);
        if (command.strategy() == ConflictStrategy.USER_CHOICE) {
            List<FieldConflict> contested = stale.contested();
            if (!contested.isEmpty()) {
                return raiseConflict(command, requested, contested, actor);
            }
            return applyUpdate(requested, command.expectedVersion(), command.reason(),
                    new ConflictOutcome(ConflictStrategy.USER_CHOICE, command.expectedVersion(), version, List.of()));
        }
        StaleUpdate.Settlement settlement = stale.settle(command.strategy(), command.tieBreak());
        if (settlement.rejected()) {
            throw new StaleVersionException(command.expectedVersion(), currentView(), settlement.outcome());
        }
        return applyUpdate(settlement.writes(), command.expectedVersion(), command.reason(), settlement.outcome());
    }

    /**
     * Settles a pending conflict with a person's choices. The person must have decided on the current
     * version: a resolution based on outdated information is rejected like any stale first-writer edit.
     */
    @CommandHandler
    StaffCommandOutcome handle(ResolveStaffConflictCommand command, ConflictResolver conflictResolver,
                               @MetaDataValue(StaffMetaData.ACTOR) String actor) {
        PendingConflict pending = pendingConflicts.get(command.conflictId());
        if (pending == null) {
            throw new ConflictNotPendingException(staffId, command.conflictId());
        }
        if (!unseenEvents(conflictResolver).isEmpty()) {
            throw new StaleVersionException(command.expectedVersion(), currentView(), pending.conflict());
        }
        requireActive();
        List<FieldConflict> settled = new ArrayList<>();
        Map<StaffField, Object> writes = uncontestedStillApplicable(pending, settled);
        for (FieldConflict contested : pending.conflict().contested()) {
            StaffField field = contested.field();
            FieldChoice choice = command.choices().get(field);
            if (choice == null || choice.choice() == null) {
                throw new InvalidStaffDetailsException(field.wireName(),
                        "choose MINE, THEIRS or VALUE for contested field " + field.wireName());
            }
            Object theirs = field.valueIn(details);
            switch (choice.choice()) {
                case MINE -> {
                    writes.put(field, contested.mine());
                    settled.add(contested.settled(FieldOutcome.MINE, contested.mine()));
                }
                case THEIRS -> settled.add(contested.settled(FieldOutcome.THEIRS, theirs));
                case VALUE -> {
                    Object value = validated(field, choice.value());
                    writes.put(field, value);
                    settled.add(contested.settled(FieldOutcome.EXPLICIT, value));
                }
            }
        }
        for (StaffField chosen : command.choices().keySet()) {
            if (pending.conflict().contested().stream().noneMatch(c -> c.field() == chosen)) {
                throw new InvalidStaffDetailsException(chosen.wireName(),
                        chosen.wireName() + " is not contested in conflict " + command.conflictId());
            }
        }
        ConflictOutcome resolution = new ConflictOutcome(ConflictStrategy.USER_CHOICE,
                pending.conflict().basedOnVersion(), version, settled, command.conflictId());
        apply(new StaffConflictResolvedEvent(staffId, resolution, actor, command.reason()));
        return applyUpdate(writes, command.expectedVersion(), pending.reason(), resolution);
    }

    /** A pending conflict's time is up: its fallback strategy decides. A no-op if it was settled meanwhile. */
    @CommandHandler
    StaffCommandOutcome handle(ExpireStaffConflictCommand command) {
        PendingConflict pending = pendingConflicts.get(command.conflictId());
        if (pending == null) {
            return outcome();
        }
        List<FieldConflict> settled = new ArrayList<>();
        boolean applyAny = active && pending.fallback() != ConflictStrategy.FIRST_WRITER_WINS;
        Map<StaffField, Object> writes = applyAny
                ? uncontestedStillApplicable(pending, settled) : new EnumMap<>(StaffField.class);
        for (FieldConflict contested : pending.conflict().contested()) {
            StaffField field = contested.field();
            Object theirs = field.valueIn(details);
            if (!applyAny) {
                settled.add(contested.settled(FieldOutcome.REJECTED, theirs));
            } else if (pending.fallback() == ConflictStrategy.LAST_WRITER_WINS) {
                writes.put(field, contested.mine());
                settled.add(contested.settled(FieldOutcome.MINE, contested.mine()));
            } else if (field == StaffField.SKILLS) {
                Object merged = StaleUpdate.mergeSets(skills(contested.base()), skills(theirs), skills(contested.mine()));
                writes.put(field, merged);
                settled.add(contested.settled(FieldOutcome.MERGED, merged));
            } else {
                settled.add(contested.settled(FieldOutcome.THEIRS, theirs));
            }
        }
        ConflictOutcome expiry = new ConflictOutcome(pending.fallback(), pending.conflict().basedOnVersion(), version,
                settled, command.conflictId());
        apply(new StaffConflictExpiredEvent(staffId, expiry));
        List<FieldChange> changes = StaffField.changesBetween(details, patched(writes));
        if (!changes.isEmpty()) {
            apply(new StaffMemberUpdatedEvent(staffId, changes, pending.conflict().basedOnVersion(), pending.reason(),
                    expiry));
        }
        return outcome();
    }

    /**
     * The uncontested part of a pending update that may still be applied: a field someone changed while the
     * conflict waited keeps that newer value (their edit was made on the current state; the pending one was
     * not), and is reported as settled in their favour.
     */
    private Map<StaffField, Object> uncontestedStillApplicable(PendingConflict pending, List<FieldConflict> settled) {
        Map<StaffField, Object> writes = new EnumMap<>(StaffField.class);
        for (Map.Entry<StaffField, Object> asked : pending.requested().entrySet()) {
            StaffField field = asked.getKey();
            if (pending.conflict().contested().stream().anyMatch(c -> c.field() == field)) {
                continue;
            }
            Object atRaise = pending.valuesAtRaise().get(field);
            Object now = field.valueIn(details);
            if (field.sameValue(atRaise, now) || field.sameValue(asked.getValue(), now)) {
                writes.put(field, asked.getValue());
            } else {
                settled.add(new FieldConflict(field, atRaise, now, asked.getValue(), version, null,
                        FieldOutcome.THEIRS, now));
            }
        }
        return writes;
    }

    private StaffCommandOutcome raiseConflict(UpdateStaffMemberCommand command, Map<StaffField, Object> requested,
                                              List<FieldConflict> contested, String actor) {
        UUID conflictId = UUID.nameUUIDFromBytes(command.commandId().toString().getBytes(StandardCharsets.UTF_8));
        ConflictOutcome pending = new ConflictOutcome(ConflictStrategy.USER_CHOICE, command.expectedVersion(), version,
                contested, conflictId);
        List<FieldValue> asked = requested.entrySet().stream()
                .map(entry -> new FieldValue(entry.getKey(), entry.getValue())).toList();
        apply(new StaffConflictRaisedEvent(staffId, pending, asked, actor, command.reason(), command.choiceDeadline(),
                command.choiceFallback()));
        return new StaffCommandOutcome(staffId, version, pending);
    }

    private StaffCommandOutcome applyUpdate(Map<StaffField, Object> writes, long basedOnVersion, String reason,
                                            ConflictOutcome conflict) {
        List<FieldChange> changes = StaffField.changesBetween(details, patched(writes));
        boolean settledAConflict = conflict != null && !conflict.contested().isEmpty();
        if (!changes.isEmpty() || settledAConflict) {
            apply(new StaffMemberUpdatedEvent(staffId, changes, basedOnVersion, reason, conflict));
        }
        return new StaffCommandOutcome(staffId, version, conflict);
    }

    private StaffDetails patched(Map<StaffField, Object> writes) {
        StaffDetails patched = details;
        for (Map.Entry<StaffField, Object> write : writes.entrySet()) {
            patched = write.getKey().with(patched, write.getValue());
        }
        return patched;
    }

    @SuppressWarnings("unchecked")
    private static java.util.Set<String> skills(Object value) {
        return (java.util.Set<String>) StaffField.SKILLS.read(value);
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
    void on(StaffConflictRaisedEvent event, @SequenceNumber long sequenceNumber) {
        Map<StaffField, Object> requested = new EnumMap<>(StaffField.class);
        event.requested().forEach(asked -> requested.put(asked.field(), asked.field().read(asked.value())));
        Map<StaffField, Object> valuesAtRaise = new EnumMap<>(StaffField.class);
        requested.keySet().forEach(field -> valuesAtRaise.put(field, field.valueIn(details)));
        pendingConflicts.put(event.conflict().conflictId(),
                new PendingConflict(event.conflict(), requested, valuesAtRaise, event.fallback(), event.reason()));
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(StaffConflictResolvedEvent event, @SequenceNumber long sequenceNumber) {
        pendingConflicts.remove(event.conflict().conflictId());
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(StaffConflictExpiredEvent event, @SequenceNumber long sequenceNumber) {
        pendingConflicts.remove(event.conflict().conflictId());
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
