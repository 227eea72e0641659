package io.staffsync.api.staff.conflict;

import io.staffsync.api.staff.StaffField;

/**
 * One field of a stale update, seen three ways: {@code base} (at the version the client edited),
 * {@code theirs} (current, last changed at {@code theirsVersion} by {@code theirsActor}) and {@code mine}
 * (what the update asks for). {@code outcome} says how it was settled and {@code result} is the value the
 * field holds afterwards (the current value when the update was rejected; null while a conflict is pending).
 */
public record FieldConflict(
        StaffField field,
        Object base,
        Object theirs,
        Object mine,
        Long theirsVersion,
        String theirsActor,
        FieldOutcome outcome,
        Object result) {

    public FieldConflict settled(FieldOutcome settledAs, Object value) {
        return new FieldConflict(field, base, theirs, mine, theirsVersion, theirsActor, settledAs, value);
    }
}
