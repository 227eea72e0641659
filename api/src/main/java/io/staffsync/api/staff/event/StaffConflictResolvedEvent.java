package io.staffsync.api.staff.event;

import io.staffsync.api.staff.conflict.ConflictOutcome;
import org.axonframework.serialization.Revision;

/**
 * A person settled a pending conflict: {@code conflict} lists each contested field with what was chosen
 * (MINE, THEIRS or EXPLICIT), the resulting value and the losing values. The changes themselves follow in
 * a {@link StaffMemberUpdatedEvent} carrying the same outcome.
 */
@Revision("1")
public record StaffConflictResolvedEvent(String staffId, ConflictOutcome conflict, String resolvedBy, String reason)
        implements StaffMemberEvent {
}
