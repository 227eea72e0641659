package io.staffsync.api.staff;

/** A value that a staff member field cannot take; {@link #field()} names the offending wire field. */
public class InvalidFieldValueException extends IllegalArgumentException {

    private final String field;

    public InvalidFieldValueException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
