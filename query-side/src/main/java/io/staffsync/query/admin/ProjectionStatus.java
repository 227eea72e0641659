package io.staffsync.query.admin;

import java.time.Instant;
import java.util.List;

/**
 * Where one tracking processor (one projection) stands.
 *
 * @param name          the processor (processing group)
 * @param state         {@link State}
 * @param running       whether the processor runs on this node
 * @param replaying     whether any segment is still re-reading events it had handled before the reset (is
 *                      behind its position at the reset)
 * @param caughtUp      the explicit done signal: every segment is claimed here, has reached the head of the event
 *                      store, and none is replaying
 * @param position      the position every segment has handled (the slowest segment's); 0 before the first event
 * @param headPosition  the newest position in the event store
 * @param segmentCount  how many segments the processor has in the token store
 * @param segments      the segments this node works on
 * @param replay        the last replay started on this node since it started, or null
 */
public record ProjectionStatus(String name, State state, boolean running, boolean replaying, boolean caughtUp,
                               long position, long headPosition, int segmentCount, List<SegmentStatus> segments,
                               ReplayProgress replay) {

    /** The processor's state, as one word. */
    public enum State {
        /** Not running on this node. */
        STOPPED,
        /** Running, but not every segment is claimed yet (right after a start, or claimed by another node). */
        STARTING,
        /** A segment failed and is retrying. */
        ERROR,
        /** Re-reading the events it had handled before the reset. */
        REPLAYING,
        /** Handling events it had not seen before, still behind the head. */
        CATCHING_UP,
        /** At the head of the event store. */
        CAUGHT_UP
    }

    /** One segment of the processor, as its tracker reports it. */
    public record SegmentStatus(int segment, int mask, long position, boolean replaying, boolean caughtUp,
                                String error) {
    }

    /**
     * A replay's progress, counted in positions (global indexes); a position counts one event, except the rare
     * holes left by rolled-back appends.
     *
     * @param startedAt       when the tokens were reset
     * @param targetPosition  the head of the event store at the reset: the history this replay rebuilds
     * @param eventsDone      how much of that history has been handled again
     * @param eventsTotal     the whole history ({@code targetPosition})
     * @param eventsPerSecond the average rate since the reset
     * @param etaSeconds      estimated seconds until {@code targetPosition} is reached (0 when reached; null
     *                        while nothing has been handled yet)
     * @param finishedAt      when this node first saw the processor caught up after the reset, or null
     */
    public record ReplayProgress(Instant startedAt, long targetPosition, long eventsDone, long eventsTotal,
                                 double eventsPerSecond, Double etaSeconds, Instant finishedAt) {
    }
}
