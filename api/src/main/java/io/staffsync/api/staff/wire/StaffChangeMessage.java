package io.staffsync.api.staff.wire;

import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.query.StaffMemberView;

import java.time.Instant;
import java.util.List;

/**
 * One change pushed to subscribers of {@code /topic/staff} and {@code /topic/staff.{staffId}}, in global
 * position order. {@code state} is the whole staff member after the change; {@code changes} lists the
 * fields that changed (for a registration: every field that was set); {@code conflict} tells how a stale
 * edit was settled, when it was.
 */
public record StaffChangeMessage(
        long position,
        String staffId,
        long version,
        ChangeType type,
        List<FieldChange> changes,
        StaffMemberView state,
        String actor,
        String clientId,
        String commandId,
        Instant occurredAt,
        ConflictOutcome conflict) {
}
