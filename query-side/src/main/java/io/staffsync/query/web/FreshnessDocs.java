package io.staffsync.query.web;

/** Parameter descriptions shared by every query endpoint's OpenAPI documentation. */
public final class FreshnessDocs {

    public static final String MIN_POSITION = "wait until the read model has processed the event at this global "
            + "position (for example the position of a command reply) before answering; 503 PROJECTION_BEHIND "
            + "if it has not within wait";
    public static final String WAIT = "how long minPosition may wait: an ISO-8601 duration (PT5S) or 5s, 500ms; "
            + "default 5 s, at most 30 s";

    private FreshnessDocs() {
    }
}
