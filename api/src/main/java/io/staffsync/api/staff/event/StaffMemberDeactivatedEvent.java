package io.staffsync.api.staff.event;

import org.axonframework.serialization.Revision;

/** A staff member left the active staff. */
@Revision("1")
public record StaffMemberDeactivatedEvent(String staffId, long basedOnVersion, String reason)
        implements StaffMemberEvent {
}
