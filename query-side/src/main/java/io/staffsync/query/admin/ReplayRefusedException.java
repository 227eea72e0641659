package io.staffsync.query.admin;

/** The projection exists but cannot be replayed now. */
public class ReplayRefusedException extends RuntimeException {

    public ReplayRefusedException(String message) {
        super(message);
    }
}
