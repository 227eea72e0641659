package io.staffsync.command.staff;

import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.ErrorCode;

/** The command was based on a version older than the current one; carries the current state to rebase on. */
public class StaleVersionException extends StaffCommandRejectedException {

    private final transient StaffMemberView current;

    public StaleVersionException(long expectedVersion, StaffMemberView current) {
        super(ErrorCode.STALE_VERSION, "expectedVersion", "expectedVersion " + expectedVersion
                + " is stale: staff member " + current.staffId() + " is at version " + current.version());
        this.current = current;
    }

    public StaffMemberView current() {
        return current;
    }
}
