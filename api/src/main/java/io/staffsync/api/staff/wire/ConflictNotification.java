package io.staffsync.api.staff.wire;

import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;

import java.time.Instant;
import java.util.UUID;

/**
 * A user-choice conflict that concerns the receiving user, pushed on {@code /user/queue/conflicts} when it is
 * raised ({@code CONFLICT_RAISED}), resolved ({@code CONFLICT_RESOLVED}) or expired ({@code CONFLICT_EXPIRED}).
 * It goes to the user who raised it (whose edit waits for a choice) and to the users whose values it contests.
 * {@code position} and {@code version} are those of the event; {@code settledBy} is null while pending, the
 * resolver's name, or {@code system} for an expiry; {@code conflict} is as in {@link StaffChangeMessage}.
 */
public record ConflictNotification(
        long position,
        String staffId,
        long version,
        ChangeType type,
        UUID conflictId,
        String raisedBy,
        long raisedAtVersion,
        Instant expiresAt,
        ConflictStrategy fallback,
        String settledBy,
        Instant occurredAt,
        ConflictOutcome conflict) {
}
