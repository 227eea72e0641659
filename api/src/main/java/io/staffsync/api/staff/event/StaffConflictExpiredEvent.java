package io.staffsync.api.staff.event;

import io.staffsync.api.staff.conflict.ConflictOutcome;
import org.axonframework.serialization.Revision;

/**
 * Nobody settled a pending conflict in time; its fallback strategy decided, as {@code conflict} records.
 * Whatever it applied follows in a {@link StaffMemberUpdatedEvent}.
 */
@Revision("1")
public record StaffConflictExpiredEvent(String staffId, ConflictOutcome conflict) implements StaffMemberEvent {
}
