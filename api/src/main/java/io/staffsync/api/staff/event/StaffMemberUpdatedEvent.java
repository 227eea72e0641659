package io.staffsync.api.staff.event;

import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * Some details of a staff member changed. Each entry names a field with its value before and after, so an
 * auditor can read the change without replaying anything. {@code basedOnVersion} is the version the
 * editing client had seen. {@code conflict} is present when the edit was stale: how each contested field
 * was settled. A patch that changes nothing produces no event, unless it settled a conflict (then the
 * event records the settlement with an empty {@code changes}).
 */
@Revision("1")
public record StaffMemberUpdatedEvent(String staffId, List<FieldChange> changes, long basedOnVersion, String reason,
                                      ConflictOutcome conflict)
        implements StaffMemberEvent {

    public StaffMemberUpdatedEvent {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
