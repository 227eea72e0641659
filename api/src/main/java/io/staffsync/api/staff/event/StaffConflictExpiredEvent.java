package io.staffsync.api.staff.event;

import io.staffsync.api.staff.conflict.ConflictOutcome;

/**
 * Nobody settled a pending conflict in time; its fallback strategy decided, as {@code conflict} records.
 * Whatever it applied follows in a {@link StaffMemberUpdatedEvent}.
 */
public record StaffConflictExpiredEvent(String staffId, ConflictOutcome conflict) implements StaffMemberEvent {
}
