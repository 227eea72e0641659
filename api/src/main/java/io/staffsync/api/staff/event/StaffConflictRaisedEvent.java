package io.staffsync.api.staff.event;

import io.staffsync.api.staff.FieldValue;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A stale update met contested fields under USER_CHOICE: nothing was applied, and a person must choose.
 * {@code requested} is the whole update as asked (contested and uncontested fields); {@code conflict}
 * holds base/theirs/mine of each contested field (outcome PENDING). If nobody settles it by
 * {@code expiresAt}, {@code fallback} decides.
 */
@Revision("1")
public record StaffConflictRaisedEvent(
        String staffId,
        ConflictOutcome conflict,
        List<FieldValue> requested,
        String raisedBy,
        String reason,
        Instant expiresAt,
        ConflictStrategy fallback) implements StaffMemberEvent {
}
