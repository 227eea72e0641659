package io.staffsync.command.staff;

import io.staffsync.api.staff.wire.ErrorCode;

/** Details of a deactivated staff member cannot change until they are reactivated. */
public class StaffMemberInactiveException extends StaffCommandRejectedException {

    public StaffMemberInactiveException(String staffId) {
        super(ErrorCode.INACTIVE, null, "staff member " + staffId + " is deactivated; reactivate them first");
    }
}
