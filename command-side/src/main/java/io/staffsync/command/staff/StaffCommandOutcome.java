package io.staffsync.command.staff;

/** What a handled staff command left behind: the staff member's id and version after it. */
public record StaffCommandOutcome(String staffId, long version) {
}
