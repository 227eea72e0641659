package io.staffsync.query.web;

/** A query parameter that cannot be used; answered 400 with {@code code} INVALID and {@code field} naming it. */
public class InvalidQueryParameterException extends RuntimeException {

    private final String parameter;

    public InvalidQueryParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
