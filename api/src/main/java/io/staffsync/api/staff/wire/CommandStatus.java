package io.staffsync.api.staff.wire;

/** The outcome of one command, as told to the client that sent it. */
public enum CommandStatus {
    /** Applied (or a patch that changed nothing); {@code version} and {@code position} say where it landed. */
    ACCEPTED,
    /** Refused for a reason in {@code error}; nothing was stored. */
    REJECTED,
    /** Based on a stale version; nothing was stored. The reply carries the current version and state. */
    CONFLICT,
    /** This {@code commandId} was handled before; the reply carries that original outcome. */
    DUPLICATE,
    /**
     * Stale, with contested fields, under USER_CHOICE: nothing applied yet; {@code conflict.conflictId}
     * names the pending conflict a person settles with {@code /app/conflict.resolve}.
     */
    PENDING_CHOICE
}
