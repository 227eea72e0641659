package io.staffsync.command.intake;

import io.staffsync.api.staff.wire.ErrorCode;

/** A request that cannot become a command at all (missing or ill-typed members). */
class InvalidRequestException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    InvalidRequestException(ErrorCode code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    ErrorCode code() {
        return code;
    }

    String field() {
        return field;
    }
}
