package io.staffsync.command.staff;

import io.staffsync.api.staff.wire.ErrorCode;

/** Another active staff member already has this email address. */
public class EmailAlreadyInUseException extends StaffCommandRejectedException {

    public EmailAlreadyInUseException(String email) {
        super(ErrorCode.EMAIL_TAKEN, "email", "email " + email + " is already used by another active staff member");
    }
}
