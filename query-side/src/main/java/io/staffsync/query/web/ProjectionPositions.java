package io.staffsync.query.web;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * How far a projection has come, read from Axon's token store ({@code token_entry}).
 * <p>
 * Why the token store and not a position row of our own: a tracking processor stores its token in the same
 * transaction as the read model changes of the batch it handled, so the token is exactly what the read model
 * reflects, on every node (segments may be claimed by any node), during a replay (the replay token's lower
 * bound is how far the rebuild got), and for every projection alike, with no change to the projections.
 * The tokens are read with plain SQL, not {@code TokenStore.fetchToken}, which would claim the segment.
 * <p>
 * Positions are global event positions ({@code domain_event_entry.global_index}). They are handed out before
 * commit, so an event at position N may commit after N+1 has been processed: the token then lists N as a
 * gap. The event at N has been processed when every segment's token has reached N and does not list N as a
 * gap. Axon's {@code covers} is stricter (no gap below N either), and a rolled-back append leaves a gap that
 * stays in the token for thousands of positions, so it would hold every later wait back.
 */
@Component
public class ProjectionPositions {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(5);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(100);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    ProjectionPositions(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** Where one processor stands: one token per segment (null where a segment has processed nothing yet). */
    public record Progress(List<TrackingToken> segments) {

        /** The lowest position any segment has reached; 0 if nothing was processed. */
        public long position() {
            if (segments.isEmpty()) {
                return 0;
            }
            return segments.stream().mapToLong(Progress::index).min().orElse(0);
        }

        /** Whether the event at {@code position} (if there is one) has been handled by every segment. */
        public boolean hasProcessed(long position) {
            // positions start at 1: there is nothing at 0 to wait for
            return position <= 0 || !segments.isEmpty() && segments.stream().allMatch(token -> processed(token, position));
        }

        private static long index(TrackingToken token) {
            TrackingToken current = current(token);
            if (current == null) {
                return 0;
            }
            OptionalLong position = current.position();
            return position.isPresent() ? Math.max(0, position.getAsLong()) : 0;
        }

        private static boolean processed(TrackingToken token, long position) {
            TrackingToken current = current(token);
            if (current instanceof GapAwareTrackingToken gapAware) {
                return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
            }
            return index(token) >= position;
        }

        /** A replay (or a split or merge) wraps the token; what the read model holds is its lower bound. */
        private static TrackingToken current(TrackingToken token) {
            return token == null ? null : WrappedToken.unwrapLowerBound(token);
        }
    }

    public Progress progress(String processorName) {
        List<TrackingToken> tokens = jdbc.query(
                "SELECT token, token_type FROM token_entry WHERE processor_name = ? ORDER BY segment",
                (row, n) -> deserialize(row.getBytes("token"), row.getString("token_type")), processorName);
        return new Progress(tokens);
    }

    /** The highest position the store has handed out to a committed event; 0 for an empty store. */
    public long lastStoredPosition() {
        Long last = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return last == null ? 0 : last;
    }

    /**
     * Waits until the processor has processed {@code position}, polling the token store with a short backoff
     * (5 ms doubling up to 100 ms). Returns the progress that satisfied the wait.
     *
     * @throws ProjectionBehindException if it has not within {@code timeout}
     */
    public Progress awaitProcessed(String processorName, long position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            Progress progress = progress(processorName);
            if (progress.hasProcessed(position)) {
                return progress;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new ProjectionBehindException(processorName, position, progress.position(), timeout);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pause.toMillis(), Duration.ofNanos(remaining).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProjectionBehindException(processorName, position, progress.position(), timeout);
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    private TrackingToken deserialize(byte[] token, String type) {
        if (token == null || type == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
    }
}
