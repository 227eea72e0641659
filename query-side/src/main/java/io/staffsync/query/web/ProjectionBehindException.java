package io.staffsync.query.web;

import java.time.Duration;

/** A read waited for a position its projection did not reach in time. */
public class ProjectionBehindException extends RuntimeException {

    private final String processorName;
    private final long wanted;
    private final long position;

    public ProjectionBehindException(String processorName, long wanted, long position, Duration waited) {
        super("projection " + processorName + " not yet at position " + wanted + " after waiting " + waited
                + " (it is at " + position + ")");
        this.processorName = processorName;
        this.wanted = wanted;
        this.position = position;
    }

    public String processorName() {
        return processorName;
    }

    public long wanted() {
        return wanted;
    }

    public long position() {
        return position;
    }
}
