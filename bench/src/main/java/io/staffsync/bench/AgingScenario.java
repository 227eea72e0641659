package io.staffsync.bench;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenario 7: does a store that has aged slow StaffSync down? The write and replay figures are taken twice in one
 * run, on the same server: first on the store as the bench found it (fresh), then after
 * {@link BenchOptions#agingEvents()} more events (5 million by default) have been added to it.
 * <ul>
 *   <li><b>Write</b>: the write scenario, whole (its own staff members, closed loop, with its JDBC baseline as a
 *   control for the machine's state), before and after.</li>
 *   <li><b>Replay</b>: the staff directory rebuilt from position 0 up to the head of the fresh store, which holds
 *   {@link BenchOptions#agingReplayEvents()} inserted events on top of what the run wrote. After aging, the same
 *   events are rebuilt with the aged history stored behind them, so both rebuilds do the same work and only the
 *   store's size differs.</li>
 * </ul>
 * The aged history is copied from real events (as in the replay scenario) and inserted with every streaming
 * processor stopped. The change feed and the audit hash chain (which no setting stops) take it all in before
 * anything is measured, and the time they took is reported. The Axon processors are then moved to the head
 * without handling it: their tokens are set to the newest position. This leaves the directory rows of the staff
 * members that carry the aged history behind their stored versions, which the throwaway database of the
 * in-process server can afford; it is why the scenario runs last and only in-process.
 */
final class AgingScenario {

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofHours(2);

    private final ServerUnderTest server;
    private final BenchOptions options;
    private final String runId;
    private final List<String> warnings;

    AgingScenario(ServerUnderTest server, BenchOptions options, String runId, List<String> warnings) {
        this.server = server;
        this.options = options;
        this.runId = runId;
        this.warnings = warnings;
    }

    BenchReport.Aging run() throws Exception {
        if (server.context() == null) {
            warnings.add("aging: skipped, it moves the processors of the in-process server through Axon's API");
            return null;
        }
        EventProcessingConfiguration processing = server.context().getBean(Configuration.class)
                .eventProcessingConfiguration();
        StreamingEventProcessor directory = ReplayScenario.directory(processing);
        ReplayScenario history = new ReplayScenario(server, options, runId + "g", warnings);

        // what earlier scenarios left to do (the replay scenario's inserted events) must not eat into the figures
        long start = history.head();
        for (var processor : processing.eventProcessors().values()) {
            // on an empty store a processor has no position to reach
            if (start > 0 && processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                ReplayScenario.awaitCaughtUp(streaming, start);
            }
        }
        awaitChain(start);

        // a write run before the measured ones: the JIT is not done with the command path after the write
        // scenario's warm-up, and the aged run, which comes later, would otherwise look faster than the fresh one
        System.err.println("  aging: the write scenario once to warm up (not reported)");
        new WriteScenario(server, options, runId + "w", warnings).run();
        System.err.println("  aging: the write scenario on the fresh store");
        BenchReport.Write freshWrite = new WriteScenario(server, options, runId + "f", warnings).run();
        List<String> staff = history.createStaff();
        ReplayScenario.awaitCaughtUp(directory, history.head());

        List<StreamingEventProcessor> stopped = ReplayScenario.stopStreamingProcessors(processing);
        long fresh = history.insert(staff, options.agingReplayEvents());
        history.awaitChangeFeed(last(staff, options.agingReplayEvents()), fresh, CATCH_UP_TIMEOUT);
        awaitChain(fresh);
        long freshStored = history.count();
        long rebuilt = countUpTo(fresh);
        System.err.printf("  aging: rebuilding %s over the fresh store (%,d events)%n",
                directory.getName(), rebuilt);
        // the first rebuild warms the JIT up for the handlers; the aged one runs on a warm JVM too
        rebuildUpTo(directory, fresh);
        directory.shutDown();
        double freshSeconds = rebuildUpTo(directory, fresh);
        directory.shutDown();

        System.err.printf("  aging: adding %,d events%n", options.agingEvents());
        long insertStarted = System.nanoTime();
        long aged = history.insert(staff, options.agingEvents());
        double insertSeconds = (System.nanoTime() - insertStarted) / 1e9;
        long catchUpStarted = System.nanoTime();
        history.awaitChangeFeed(last(staff, options.agingEvents()), aged, CATCH_UP_TIMEOUT);
        awaitChain(aged);
        double catchUpSeconds = (System.nanoTime() - catchUpStarted) / 1e9;
        long agedStored = history.count();
        System.err.printf("  aging: %,d events stored; inserted in %.1f s, change feed and hash chain caught up in "
                + "%.1f s; rebuilding %s over the same %,d events%n", agedStored, insertSeconds, catchUpSeconds,
                directory.getName(), rebuilt);
        double agedSeconds = rebuildUpTo(directory, fresh);
        directory.shutDown();
        moveToHead(stopped, aged);
        stopped.forEach(StreamingEventProcessor::start);

        System.err.println("  aging: the write scenario on the aged store");
        BenchReport.Write agedWrite = new WriteScenario(server, options, runId + "a", warnings).run();

        BenchReport.Rebuild freshReplay = ReplayScenario.rebuild("Axon replay, fresh store (" + freshStored
                + " events)", rebuilt, freshSeconds);
        BenchReport.Rebuild agedReplay = ReplayScenario.rebuild("Axon replay, aged store (" + agedStored
                + " events)", rebuilt, agedSeconds);
        return new BenchReport.Aging(options.agingEvents(), Latency.round(insertSeconds), Latency.round(catchUpSeconds),
                freshStored, agedStored, freshWrite, agedWrite, freshReplay, agedReplay,
                WriteScenario.ratio(freshWrite.stomp().perSecond(), agedWrite.stomp().perSecond()),
                WriteScenario.ratio(freshWrite.jdbc().perSecond(), agedWrite.jdbc().perSecond()),
                WriteScenario.ratio(freshReplay.perSecond(), agedReplay.perSecond()));
    }

    /** Whose copy an insert of {@code events} ended with. */
    private static String last(List<String> staff, long events) {
        return staff.get((int) ((events - 1) % staff.size()));
    }

    /** Resets the directory and times it from position 0 until it has handled {@code upTo}; leaves it running. */
    private static double rebuildUpTo(StreamingEventProcessor directory, long upTo) throws InterruptedException {
        long started = System.nanoTime();
        directory.resetTokens();
        directory.start();
        long deadline = started + CATCH_UP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<Integer, EventTrackerStatus> status = directory.processingStatus();
            if (!status.isEmpty() && status.values().stream()
                    .allMatch(s -> s.getCurrentPosition().orElse(-1) >= upTo)) {
                return (System.nanoTime() - started) / 1e9;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the rebuild did not reach position " + upTo + " within " + CATCH_UP_TIMEOUT);
    }

    /**
     * Sets every segment's token of these (stopped) processors to {@code head}, as if they had handled everything up
     * to it. Axon's {@code resetTokens} cannot do this: it would call the reset handlers, which empty the read models.
     */
    private void moveToHead(List<StreamingEventProcessor> processors, long head) {
        TokenStore tokens = server.context().getBean(TokenStore.class);
        TransactionManager transactions = server.context().getBean(TransactionManager.class);
        for (StreamingEventProcessor processor : processors) {
            transactions.executeInTransaction(() -> {
                for (int segment : tokens.fetchSegments(processor.getName())) {
                    // storing claims the segment for this node; the processor claims it again when it starts
                    tokens.storeToken(GapAwareTrackingToken.newInstance(head, List.of()), processor.getName(), segment);
                    tokens.releaseClaim(processor.getName(), segment);
                }
            });
        }
    }

    /** Waits until the audit hash chain has linked position {@code head}. */
    private void awaitChain(long head) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        try (Connection connection = server.openJdbc();
             PreparedStatement query = connection.prepareStatement("SELECT coalesce(max(global_index), 0) "
                     + "FROM audit_chain")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet max = query.executeQuery()) {
                    max.next();
                    if (max.getLong(1) >= head) {
                        return;
                    }
                }
                Thread.sleep(200);
            }
        }
        warnings.add("aging: the audit hash chain had not linked position " + head + " after " + CATCH_UP_TIMEOUT);
    }

    private long countUpTo(long position) throws SQLException {
        try (Connection connection = server.openJdbc();
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM domain_event_entry "
                     + "WHERE global_index <= ?")) {
            query.setLong(1, position);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
