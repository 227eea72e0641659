package io.staffsync.api.staff.wire;

/** What went wrong with a command; {@code field} names the offending field where there is one. */
public record CommandError(ErrorCode code, String message, String field) {
}
