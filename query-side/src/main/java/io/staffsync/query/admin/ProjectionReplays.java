package io.staffsync.query.admin;

import io.staffsync.query.admin.ProjectionStatus.ReplayProgress;
import io.staffsync.query.admin.ProjectionStatus.SegmentStatus;
import io.staffsync.query.admin.ProjectionStatus.State;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replays tracking processors (Axon token reset) and reports where each one stands.
 * <p>
 * A replay shuts the processor down on this node, resets its tokens to the start of the event store (Axon
 * calls the projection's {@code @ResetHandler}, which empties its table, once for all segments) and starts it
 * again. Every event is then handled again in order per staff member, whatever the segment count, and events
 * appended meanwhile follow in the same stream, so a replay under write load ends where live processing would.
 * With several nodes, the others must not hold a segment: the reset needs every token, and is refused otherwise.
 */
@Component
public class ProjectionReplays {

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplays.class);

    /** A replay started on this node: the clock start, the history it must get through, when it was done. */
    private record Run(Instant startedAt, long startNanos, long targetPosition, long done, Instant finishedAt,
                       long finishedNanos) {

        /** Progress is taken only while every segment is claimed, where the slowest one only moves forward. */
        Run observed(boolean allClaimed, long position, boolean caughtUp) {
            long nowDone = allClaimed ? Math.max(done, Math.min(position, targetPosition)) : done;
            boolean finishes = caughtUp && finishedAt == null;
            return new Run(startedAt, startNanos, targetPosition, nowDone, finishes ? Instant.now() : finishedAt,
                    finishes ? System.nanoTime() : finishedNanos);
        }
    }

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    ProjectionReplays(EventProcessingConfiguration processing, EventStore eventStore, TokenStore tokenStore,
                      TransactionManager transactionManager) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
    }

    /** Every tracking (streaming) processor, by name. */
    public List<ProjectionStatus> all() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .sorted(Comparator.comparing(StreamingEventProcessor::getName))
                .map(this::status)
                .toList();
    }

    public Optional<ProjectionStatus> status(String name) {
        return processor(name).map(this::status);
    }

    /**
     * Starts rebuilding the projection from the first event. Returns at once with its status; the processor
     * works in the background.
     *
     * @throws UnknownProjectionException if there is no tracking processor of this name
     * @throws ReplayRefusedException     if it cannot be reset (a replay runs, or another node holds a segment)
     */
    public synchronized ProjectionStatus replay(String name) {
        StreamingEventProcessor processor = processor(name).orElseThrow(() -> new UnknownProjectionException(name));
        if (!processor.supportsReset()) {
            throw new ReplayRefusedException(name + " has no handlers that allow a replay");
        }
        ProjectionStatus current = status(processor);
        boolean starting = current.state() == State.STARTING && current.replay() != null
                && current.replay().finishedAt() == null;
        if (current.replaying() || starting) {
            throw new ReplayRefusedException(name + " is replaying already; wait until it has caught up");
        }
        processor.shutDown();
        long target = headPosition();
        try {
            processor.resetTokens();
        } catch (RuntimeException e) {
            processor.start();
            throw new ReplayRefusedException("the tokens of " + name + " cannot be reset (is a segment claimed by "
                    + "another node?): " + e.getMessage());
        }
        runs.put(name, new Run(Instant.now(), System.nanoTime(), target, 0, null, 0));
        processor.start();
        log.info("Replaying {} from the start of the event store; the history ends at position {}", name, target);
        return status(processor);
    }

    private Optional<StreamingEventProcessor> processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class);
    }

    private ProjectionStatus status(StreamingEventProcessor processor) {
        String name = processor.getName();
        int segmentCount = transactionManager.fetchInTransaction(() -> tokenStore.fetchSegments(name)).length;
        List<SegmentStatus> segments = processor.processingStatus().values().stream()
                .sorted(Comparator.comparingInt(status -> status.getSegment().getSegmentId()))
                .map(ProjectionReplays::segment)
                .toList();
        boolean running = processor.isRunning();
        boolean allClaimed = running && !segments.isEmpty() && segments.size() >= segmentCount;
        boolean replaying = segments.stream().anyMatch(SegmentStatus::replaying);
        boolean failing = segments.stream().anyMatch(segment -> segment.error() != null);
        boolean caughtUp = allClaimed && !replaying && !failing && segments.stream().allMatch(SegmentStatus::caughtUp);
        long position = segments.stream().mapToLong(SegmentStatus::position).min().orElse(0);
        // read after the segments, so that no segment is ever ahead of it
        long head = headPosition();
        State state = !running ? State.STOPPED
                : failing ? State.ERROR
                : !allClaimed ? State.STARTING
                : replaying ? State.REPLAYING
                : caughtUp ? State.CAUGHT_UP
                : State.CATCHING_UP;
        return new ProjectionStatus(name, state, running, replaying, caughtUp, position, head, segmentCount, segments,
                progress(name, allClaimed, position, caughtUp));
    }

    private ReplayProgress progress(String name, boolean allClaimed, long position, boolean caughtUp) {
        Run run = runs.computeIfPresent(name, (key, current) -> current.observed(allClaimed, position, caughtUp));
        if (run == null) {
            return null;
        }
        long total = run.targetPosition();
        long done = run.done();
        long endNanos = run.finishedAt() != null ? run.finishedNanos() : System.nanoTime();
        double seconds = Math.max(Duration.ofNanos(endNanos - run.startNanos()).toNanos() / 1e9, 1e-3);
        double rate = done / seconds;
        Double eta = done >= total ? Double.valueOf(0) : rate > 0 ? (total - done) / rate : null;
        return new ReplayProgress(run.startedAt(), total, done, total, rate, eta, run.finishedAt());
    }

    /**
     * A segment is replaying while it is behind the position it had at the reset. Axon itself keeps the
     * segment's replay token (and {@code isReplaying()}) until an event after that position arrives, which on a
     * quiet store may be never; a segment at its reset position has handled every earlier event again.
     */
    private static SegmentStatus segment(EventTrackerStatus status) {
        Throwable error = status.getError();
        long position = status.getCurrentPosition().orElse(0);
        boolean replaying = status.isReplaying() && position < status.getResetPosition().orElse(Long.MAX_VALUE);
        return new SegmentStatus(status.getSegment().getSegmentId(), status.getSegment().getMask(), position,
                replaying, status.isCaughtUp(), status.isErrorState() ? String.valueOf(error) : null);
    }

    private long headPosition() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? 0 : head.position().orElse(0);
    }
}
