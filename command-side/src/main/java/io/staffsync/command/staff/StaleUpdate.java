package io.staffsync.command.staff;

import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.StaffMetaData;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.FieldConflict;
import io.staffsync.api.staff.conflict.FieldOutcome;
import io.staffsync.api.staff.conflict.MergeTieBreak;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import org.axonframework.eventhandling.DomainEventMessage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An update meeting changes its client had not seen: per field, the value at the client's version
 * ({@code base}), the current value ({@code theirs}) and the requested one ({@code mine}), and how each
 * strategy settles them. Pure: it only reads the unseen events Axon hands to the command handler.
 */
final class StaleUpdate {

    /** What happened to one field since the client's version. */
    private record Since(Object base, long lastVersion, String lastActor) {
    }

    private final long basedOnVersion;
    private final long currentVersion;
    private final StaffDetails current;
    private final Map<StaffField, Object> mine;
    private final Map<StaffField, Since> changedSince;

    private StaleUpdate(long basedOnVersion, long currentVersion, StaffDetails current, Map<StaffField, Object> mine,
                        Map<StaffField, Since> changedSince) {
        this.basedOnVersion = basedOnVersion;
        this.currentVersion = currentVersion;
        this.current = current;
        this.mine = mine;
        this.changedSince = changedSince;
    }

    /** {@code unseen}: the events after {@code basedOnVersion}, in order, as Axon's ConflictResolver gives them. */
    static StaleUpdate of(long basedOnVersion, long currentVersion, StaffDetails current,
                          Map<StaffField, Object> mine, List<? extends DomainEventMessage<?>> unseen) {
        Map<StaffField, Since> changedSince = new EnumMap<>(StaffField.class);
        for (DomainEventMessage<?> event : unseen) {
            if (event.getPayload() instanceof StaffMemberUpdatedEvent updated) {
                String actor = (String) event.getMetaData().get(StaffMetaData.ACTOR);
                for (FieldChange change : updated.changes()) {
                    Object base = changedSince.containsKey(change.field())
                            ? changedSince.get(change.field()).base()
                            : change.field().read(change.oldValue());
                    changedSince.put(change.field(), new Since(base, event.getSequenceNumber(), actor));
                }
            }
        }
        // field order, whatever map the caller built: the recorded outcome must not depend on it
        Map<StaffField, Object> byField = new EnumMap<>(StaffField.class);
        byField.putAll(mine);
        return new StaleUpdate(basedOnVersion, currentVersion, current, byField, changedSince);
    }

    /**
     * Contested fields: changed since the client's version (the value differs from the base) and set by
     * this update to a value other than the current one.
     */
    List<FieldConflict> contested() {
        List<FieldConflict> contested = new ArrayList<>();
        for (Map.Entry<StaffField, Object> requested : mine.entrySet()) {
            StaffField field = requested.getKey();
            Since since = changedSince.get(field);
            Object theirs = field.valueIn(current);
            if (since != null && !field.sameValue(since.base(), theirs)
                    && !field.sameValue(requested.getValue(), theirs)) {
                contested.add(new FieldConflict(field, since.base(), theirs, requested.getValue(), since.lastVersion(),
                        since.lastActor(), FieldOutcome.PENDING, null));
            }
        }
        return contested;
    }

    /** How {@code strategy} settles this update: the values to write, and the outcome to record. */
    Settlement settle(ConflictStrategy strategy, MergeTieBreak tieBreak) {
        return switch (strategy) {
            case LAST_WRITER_WINS -> lastWriterWins();
            case FIRST_WRITER_WINS -> firstWriterWins();
            case MERGE_CHANGES -> merge(tieBreak);
            case USER_CHOICE -> throw new UnsupportedOperationException("USER_CHOICE is settled by a person");
        };
    }

    /** The values to write and the settlement to record; {@code rejected} when nothing may be written. */
    record Settlement(Map<StaffField, Object> writes, ConflictOutcome outcome, boolean rejected) {
    }

    private Settlement lastWriterWins() {
        List<FieldConflict> settled = contested().stream()
                .map(c -> c.settled(FieldOutcome.MINE, c.mine())).toList();
        return new Settlement(mine, outcome(ConflictStrategy.LAST_WRITER_WINS, settled), false);
    }

    private Settlement firstWriterWins() {
        List<FieldConflict> contested = contested();
        if (!contested.isEmpty()) {
            List<FieldConflict> rejected = contested.stream()
                    .map(c -> c.settled(FieldOutcome.REJECTED, c.theirs())).toList();
            return new Settlement(Map.of(), outcome(ConflictStrategy.FIRST_WRITER_WINS, rejected), true);
        }
        return new Settlement(mine, outcome(ConflictStrategy.FIRST_WRITER_WINS, List.of()), false);
    }

    /**
     * Three-way merge per field. A field only one side changed takes that side's value; a set takes both
     * sides' additions and removals; a scalar both sides changed differently follows the tie-break, except
     * that a client re-sending the base value (it did not change the field) never undoes the other's edit.
     */
    private Settlement merge(MergeTieBreak tieBreak) {
        Map<StaffField, Object> writes = new EnumMap<>(StaffField.class);
        List<FieldConflict> settled = new ArrayList<>();
        List<FieldConflict> contested = contested();
        for (Map.Entry<StaffField, Object> requested : mine.entrySet()) {
            StaffField field = requested.getKey();
            FieldConflict conflict = contested.stream().filter(c -> c.field() == field).findFirst().orElse(null);
            if (conflict == null) {
                writes.put(field, requested.getValue());
            } else if (field == StaffField.SKILLS) {
                Set<String> merged = mergeSets(asSet(conflict.base()), asSet(conflict.theirs()), asSet(conflict.mine()));
                writes.put(field, merged);
                settled.add(conflict.settled(FieldOutcome.MERGED, merged));
            } else if (tieBreak == MergeTieBreak.TAKE_MINE && !field.sameValue(conflict.mine(), conflict.base())) {
                writes.put(field, conflict.mine());
                settled.add(conflict.settled(FieldOutcome.MINE, conflict.mine()));
            } else {
                settled.add(conflict.settled(FieldOutcome.THEIRS, conflict.theirs()));
            }
        }
        return new Settlement(writes, outcome(ConflictStrategy.MERGE_CHANGES, settled), false);
    }

    /** theirs, minus what mine removed from base, plus what mine added to base. */
    static Set<String> mergeSets(Set<String> base, Set<String> theirs, Set<String> mine) {
        TreeSet<String> merged = new TreeSet<>(theirs);
        base.stream().filter(skill -> !mine.contains(skill)).forEach(merged::remove);
        mine.stream().filter(skill -> !base.contains(skill)).forEach(merged::add);
        return Collections.unmodifiableSortedSet(merged);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> asSet(Object value) {
        return (Set<String>) StaffField.SKILLS.read(value);
    }

    private ConflictOutcome outcome(ConflictStrategy strategy, List<FieldConflict> settled) {
        return new ConflictOutcome(strategy, basedOnVersion, currentVersion, settled);
    }
}
