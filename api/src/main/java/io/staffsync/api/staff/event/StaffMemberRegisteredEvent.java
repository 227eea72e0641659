package io.staffsync.api.staff.event;

import io.staffsync.api.staff.StaffDetails;
import org.axonframework.serialization.Revision;

/**
 * A staff member was registered, active, with these details (version 0).
 * <p>
 * Revision 2. Revision 1 carried a single {@code details.name}, which
 * {@link io.staffsync.api.staff.event.upcasting.StaffMemberRegisteredEventUpcaster} splits into
 * {@code firstName} and {@code lastName} when an old event is read.
 */
@Revision("2")
public record StaffMemberRegisteredEvent(String staffId, StaffDetails details, String reason)
        implements StaffMemberEvent {
}
