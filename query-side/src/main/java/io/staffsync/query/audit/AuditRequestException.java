package io.staffsync.query.audit;

import org.springframework.http.HttpStatus;

/** A request the audit API cannot answer as asked; becomes a problem detail with {@code code} (and {@code field}). */
class AuditRequestException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String field;

    AuditRequestException(HttpStatus status, String code, String field, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    static AuditRequestException invalid(String field, String detail) {
        return new AuditRequestException(HttpStatus.BAD_REQUEST, "INVALID", field, detail);
    }

    static AuditRequestException notFound(String detail) {
        return new AuditRequestException(HttpStatus.NOT_FOUND, "NOT_FOUND", null, detail);
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    String field() {
        return field;
    }
}
