package io.staffsync.query.admin;

/** No tracking processor has this name. */
public class UnknownProjectionException extends RuntimeException {

    public UnknownProjectionException(String name) {
        super("no projection (tracking processor) named '" + name + "'");
    }
}
