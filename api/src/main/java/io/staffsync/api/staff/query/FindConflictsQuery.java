package io.staffsync.api.staff.query;

/** User-choice conflicts, newest first; {@code status} (PENDING, RESOLVED, EXPIRED) and {@code staffId} filter when set. */
public record FindConflictsQuery(String status, String staffId, int limit) {
}
