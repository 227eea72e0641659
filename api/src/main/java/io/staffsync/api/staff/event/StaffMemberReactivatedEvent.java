package io.staffsync.api.staff.event;

import org.axonframework.serialization.Revision;

/** A deactivated staff member returned to the active staff. */
@Revision("1")
public record StaffMemberReactivatedEvent(String staffId, long basedOnVersion, String reason)
        implements StaffMemberEvent {
}
