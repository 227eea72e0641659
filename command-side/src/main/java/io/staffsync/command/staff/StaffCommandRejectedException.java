package io.staffsync.command.staff;

import io.staffsync.api.staff.wire.ErrorCode;

/** A business rule refused a command; nothing was stored. Mapped to a client error at the edge. */
public abstract class StaffCommandRejectedException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    protected StaffCommandRejectedException(ErrorCode code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    /** The wire name of the offending field, or null. */
    public String field() {
        return field;
    }
}
