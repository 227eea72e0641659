package io.staffsync.api.staff.wire;

/** Why a command was not applied; stable strings a client can switch on. */
public enum ErrorCode {
    /** The message could not be read (not JSON, wrong types, missing commandId...). */
    MALFORMED,
    /** A field value breaks a rule; {@code field} names it. */
    INVALID,
    /** No staff member with that id. */
    NOT_FOUND,
    /** A staff member with that id already exists. */
    ALREADY_EXISTS,
    /** Another active staff member already has this email. */
    EMAIL_TAKEN,
    /** The staff member is deactivated; reactivate first. */
    INACTIVE,
    /** {@code expectedVersion} is newer than any version the staff member has had. */
    VERSION_AHEAD,
    /** {@code expectedVersion} is older than the current version. */
    STALE_VERSION,
    /** No pending conflict with that id (never raised, or already settled or expired). */
    CONFLICT_NOT_PENDING,
    /** The user may not send this command. */
    FORBIDDEN,
    /** The server failed; the command may be retried with the same commandId. */
    INTERNAL,
    /**
     * The database could not be reached, or the connection broke while the command was handled (perhaps while
     * committing, so it may be stored or not). Retry with the same commandId: a stored command is answered
     * {@code DUPLICATE} with its original outcome.
     */
    UNAVAILABLE
}
