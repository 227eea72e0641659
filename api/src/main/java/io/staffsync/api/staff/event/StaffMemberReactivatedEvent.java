package io.staffsync.api.staff.event;

/** A deactivated staff member returned to the active staff. */
public record StaffMemberReactivatedEvent(String staffId, long basedOnVersion, String reason)
        implements StaffMemberEvent {
}
