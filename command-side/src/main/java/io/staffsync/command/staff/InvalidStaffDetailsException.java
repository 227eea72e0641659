package io.staffsync.command.staff;

import io.staffsync.api.staff.wire.ErrorCode;

/** A field value breaks a rule (format, range, required). */
public class InvalidStaffDetailsException extends StaffCommandRejectedException {

    public InvalidStaffDetailsException(String field, String message) {
        super(ErrorCode.INVALID, field, message);
    }
}
