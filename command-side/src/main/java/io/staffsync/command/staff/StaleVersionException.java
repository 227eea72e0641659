package io.staffsync.command.staff;

import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.ErrorCode;

/**
 * The command was based on an older version and may not be applied over what changed since. Carries the
 * current state to rebase on and, for an update, base/theirs/mine of each contested field.
 */
public class StaleVersionException extends StaffCommandRejectedException {

    private final transient StaffMemberView current;
    private final transient ConflictOutcome conflict;

    public StaleVersionException(long expectedVersion, StaffMemberView current, ConflictOutcome conflict) {
        super(ErrorCode.STALE_VERSION, "expectedVersion", "expectedVersion " + expectedVersion
                + " is stale: staff member " + current.staffId() + " is at version " + current.version()
                + (conflict == null ? "" : "; the conflict lists the contested fields"));
        this.current = current;
        this.conflict = conflict;
    }

    public StaffMemberView current() {
        return current;
    }

    /** Base/theirs/mine of each contested field; null for a stale activation change. */
    public ConflictOutcome conflict() {
        return conflict;
    }
}
