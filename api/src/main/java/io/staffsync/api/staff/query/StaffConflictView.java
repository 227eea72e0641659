package io.staffsync.api.staff.query;

import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;

import java.time.Instant;
import java.util.UUID;

/**
 * A user-choice conflict as listed by {@code GET /api/conflicts}: who raised it, until when it waits, and
 * (once settled) who settled it and how ({@code conflict} holds base/theirs/mine and outcomes per field).
 */
public record StaffConflictView(
        UUID conflictId,
        String staffId,
        String status,
        String raisedBy,
        Instant raisedAt,
        long raisedAtVersion,
        Instant expiresAt,
        ConflictStrategy fallback,
        String settledBy,
        Instant settledAt,
        ConflictOutcome conflict) {
}
