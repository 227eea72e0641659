package io.staffsync.api.staff.event;

import io.staffsync.api.staff.StaffDetails;

/** A staff member was registered, active, with these details (version 0). */
public record StaffMemberRegisteredEvent(String staffId, StaffDetails details, String reason)
        implements StaffMemberEvent {
}
