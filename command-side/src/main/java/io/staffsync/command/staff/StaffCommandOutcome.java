package io.staffsync.command.staff;

import io.staffsync.api.staff.conflict.ConflictOutcome;

/**
 * What a handled staff command left behind: the staff member's id and version after it, and how a stale
 * edit was settled ({@code conflict}, null when the command was not stale).
 */
public record StaffCommandOutcome(String staffId, long version, ConflictOutcome conflict) {
}
