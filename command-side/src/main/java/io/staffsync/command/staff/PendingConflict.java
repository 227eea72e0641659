package io.staffsync.command.staff;

import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;

import java.util.Map;

/**
 * A user-choice conflict waiting for a person: the update as asked, its contested fields, and the values the
 * asked-for fields had when the conflict was raised (so an edit made while it waited is not overwritten).
 */
record PendingConflict(ConflictOutcome conflict, Map<StaffField, Object> requested,
                       Map<StaffField, Object> valuesAtRaise, ConflictStrategy fallback, String reason) {
}
