package io.staffsync.api.staff.event;

/** A staff member left the active staff. */
public record StaffMemberDeactivatedEvent(String staffId, long basedOnVersion, String reason)
        implements StaffMemberEvent {
}
