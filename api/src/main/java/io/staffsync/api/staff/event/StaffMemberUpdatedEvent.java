package io.staffsync.api.staff.event;

import io.staffsync.api.staff.FieldChange;

import java.util.List;

/**
 * Some details of a staff member changed. Each entry names a field with its value before and after, so an
 * auditor can read the change without replaying anything. {@code basedOnVersion} is the version the
 * editing client had seen. Never empty: a patch that changes nothing produces no event.
 */
public record StaffMemberUpdatedEvent(String staffId, List<FieldChange> changes, long basedOnVersion, String reason)
        implements StaffMemberEvent {
}
