package io.staffsync.command.staff;

import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;

import java.util.EnumMap;
import java.util.Map;

/**
 * A user-choice conflict waiting for a person: the update as asked, its contested fields, and the values the
 * asked-for fields had when the conflict was raised (so an edit made while it waited is not overwritten).
 * <p>
 * The values are read into each field's Java type on construction: a snapshot of the aggregate stores them
 * as JSON, and a skill set, for one, comes back as a list that would never equal the current set.
 */
record PendingConflict(ConflictOutcome conflict, Map<StaffField, Object> requested,
                       Map<StaffField, Object> valuesAtRaise, ConflictStrategy fallback, String reason) {

    PendingConflict {
        requested = read(requested);
        valuesAtRaise = read(valuesAtRaise);
    }

    private static Map<StaffField, Object> read(Map<StaffField, Object> values) {
        Map<StaffField, Object> read = new EnumMap<>(StaffField.class);
        if (values != null) {
            values.forEach((field, value) -> read.put(field, field.read(value)));
        }
        return read;
    }
}
