package io.staffsync.command.staff;

import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;

import java.util.Map;

/** A user-choice conflict waiting for a person: the update as asked, and its contested fields. */
record PendingConflict(ConflictOutcome conflict, Map<StaffField, Object> requested, ConflictStrategy fallback,
                       String reason) {
}
