package io.staffsync.bench;

import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.query.directory.StaffDirectoryProjection;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 5: rebuild the staff directory from a large stored history. The bench stops Axon's streaming
 * processors, inserts E valid events (copies of real updates of its own staff members, so every history stays
 * consistent), then resets the staff-directory processor through Axon's API and times it until its token has
 * reached the newest event. Baselines: a sequential JDBC read of the same table, and the same read with an
 * upsert of an equivalent row per event, in transactions of {@link #UPSERT_BATCH}.
 */
final class ReplayScenario {

    static final int UPSERT_BATCH = 100;
    private static final Duration TIMEOUT = Duration.ofHours(2);

    private final ServerUnderTest server;
    private final BenchOptions options;
    private final String prefix;
    private final List<String> warnings;

    ReplayScenario(ServerUnderTest server, BenchOptions options, String runId, List<String> warnings) {
        this.server = server;
        this.options = options;
        this.prefix = "bench-" + runId + "-r";
        this.warnings = warnings;
    }

    BenchReport.Replay run() throws Exception {
        if (server.context() == null) {
            warnings.add("replay: skipped, it resets a processor of the in-process server through Axon's API");
            return null;
        }
        EventProcessingConfiguration processing = server.context().getBean(Configuration.class)
                .eventProcessingConfiguration();
        StreamingEventProcessor directory = directory(processing);
        List<String> staff = createStaff();
        // the directory must have taken in everything so far, or "before" would miss what it had still to do
        awaitCaughtUp(directory, head());

        // nothing else may eat the CPU while the rebuild is timed: every processor stops, and the change feed
        // (which is no Axon processor) is waited out
        List<StreamingEventProcessor> stopped = stopStreamingProcessors(processing);
        try {
            long[] directoryBefore = directoryTotals();
            int e = options.replayEvents();
            long insertStarted = System.nanoTime();
            long head = insert(staff, e);
            double insertSeconds = (System.nanoTime() - insertStarted) / 1e9;
            System.err.printf("  %d events inserted in %.1f s; waiting for the change feed%n", e, insertSeconds);
            awaitChangeFeed(staff.get((e - 1) % staff.size()), head, Duration.ofMinutes(10));
            long stored = count();

            System.err.println("  rebuilding " + StaffDirectoryProjection.PROCESSING_GROUP + " over " + stored
                    + " events");
            long started = System.nanoTime();
            directory.resetTokens();
            directory.start();
            awaitCaughtUp(directory, head);
            double seconds = (System.nanoTime() - started) / 1e9;
            long[] directoryAfter = directoryTotals();
            boolean matches = directoryAfter[0] == directoryBefore[0] && directoryAfter[1] == directoryBefore[1] + e;
            if (!matches) {
                warnings.add("replay: staff_directory had " + directoryBefore[0] + " rows (version sum "
                        + directoryBefore[1] + ") plus " + e + " new versions before, " + directoryAfter[0]
                        + " rows (version sum " + directoryAfter[1] + ") after the rebuild");
            }
            BenchReport.Rebuild projection = rebuild("Axon replay of " + StaffDirectoryProjection.PROCESSING_GROUP,
                    stored, seconds);
            read(false);
            BenchReport.Rebuild jdbcRead = read(false);
            BenchReport.Rebuild jdbcUpsert = read(true);
            return new BenchReport.Replay(e, Latency.round(insertSeconds), stored, projection, jdbcRead, jdbcUpsert,
                    WriteScenario.ratio(projection.perSecond(), jdbcRead.perSecond()),
                    WriteScenario.ratio(projection.perSecond(), jdbcUpsert.perSecond()), matches);
        } finally {
            for (StreamingEventProcessor processor : stopped) {
                if (!processor.isRunning()) {
                    processor.start();
                }
            }
        }
    }

    /** Shuts down every running streaming processor; returns them, to start again. */
    static List<StreamingEventProcessor> stopStreamingProcessors(EventProcessingConfiguration processing) {
        List<StreamingEventProcessor> stopped = new ArrayList<>();
        processing.eventProcessors().values().forEach(processor -> {
            if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                streaming.shutDown();
                stopped.add(streaming);
            }
        });
        return stopped;
    }

    static StreamingEventProcessor directory(EventProcessingConfiguration processing) {
        return processing.eventProcessor(StaffDirectoryProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor "
                        + StaffDirectoryProjection.PROCESSING_GROUP));
    }

    /** Staff members with two real updates each (weeklyHours 40 -> 41 -> 40), whose rows are copied. */
    List<String> createStaff() throws Exception {
        return createStaff(options.replayStaff());
    }

    List<String> createStaff(int count) throws Exception {
        List<String> staff = new ArrayList<>();
        try (StompConnection editor = StompConnection.open(server.webSocket(), options.login(), options.passcode())) {
            for (int s = 0; s < count; s++) {
                String id = prefix + s;
                staff.add(id);
                accepted(editor.send("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), id, null, null,
                        Fixtures.registration(id), null)));
                accepted(editor.send("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), id, 0L,
                        Map.of("weeklyHours", Fixtures.INITIAL_WEEKLY_HOURS + 1), null, null)));
                accepted(editor.send("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), id, 1L,
                        Map.of("weeklyHours", Fixtures.INITIAL_WEEKLY_HOURS), null, null)));
            }
        }
        return staff;
    }

    private static void accepted(java.util.concurrent.CompletableFuture<CommandReply> reply) throws Exception {
        CommandReply r = reply.get(WriteScenario.REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (r.status() != CommandStatus.ACCEPTED) {
            throw new IllegalStateException("replay setup: " + r);
        }
    }

    /**
     * Inserts {@code e} copies round robin over the staff members, in batches, each continuing its staff member's
     * history; returns the newest position. The last copy belongs to {@code staff.get((e - 1) % staff.size())}.
     */
    long insert(List<String> staff, long e) throws SQLException {
        HistoryCopies copies = HistoryCopies.of(server, staff);
        Properties batched = new Properties();
        batched.setProperty("reWriteBatchedInserts", "true");
        try (Connection connection = server.openJdbc(batched);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry ("
                     + EventRow.INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            connection.setAutoCommit(false);
            Instant now = Instant.now();
            for (long i = 0; i < e; i++) {
                copies.bindNext(insert, (int) (i % staff.size()), now);
                insert.addBatch();
                if ((i + 1) % 1000 == 0) {
                    insert.executeBatch();
                }
                if ((i + 1) % 20_000 == 0) {
                    connection.commit();
                }
                if ((i + 1) % 1_000_000 == 0) {
                    System.err.printf("  %,d of %,d events inserted%n", i + 1, e);
                }
            }
            insert.executeBatch();
            connection.commit();
        }
        return head();
    }

    long head() throws SQLException {
        try (Connection connection = server.openJdbc(); Statement query = connection.createStatement();
             ResultSet max = query.executeQuery("SELECT max(global_index) FROM domain_event_entry")) {
            max.next();
            return max.getLong(1);
        }
    }

    /** The change feed tails the store too: wait until it has pushed the newest event. */
    void awaitChangeFeed(String staffId, long head, Duration timeout) throws Exception {
        try (StompConnection watcher = StompConnection.open(server.webSocket(), "viewer", "viewer")) {
            AtomicLong seen = new AtomicLong(-1);
            watcher.subscribeResuming("/topic/staff." + staffId, head - 1, (headers, body) -> {
                String position = headers.getFirst("position");
                if (position != null) {
                    seen.accumulateAndGet(Long.parseLong(position), Math::max);
                }
            });
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen.get() < head && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (seen.get() < head) {
                warnings.add("replay: the change feed had not pushed position " + head + " after " + timeout);
            }
        }
    }

    static void awaitCaughtUp(StreamingEventProcessor processor, long head) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            if (!status.isEmpty() && status.values().stream().allMatch(s -> !s.isReplaying()
                    && s.getCurrentPosition().orElse(-1) >= head)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the replay did not reach position " + head + " within " + TIMEOUT);
    }

    long count() throws SQLException {
        try (Connection connection = server.openJdbc(); Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT count(*) FROM domain_event_entry")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private long[] directoryTotals() throws SQLException {
        try (Connection connection = server.openJdbc(); Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT count(*), coalesce(sum(version), 0) FROM staff_directory")) {
            rows.next();
            return new long[] {rows.getLong(1), rows.getLong(2)};
        }
    }

    /**
     * Every row in position order, every column the server reads; with {@code upsert}, each row also upserts
     * an equivalent directory row (staff id, version, position, payload) into a scratch table, committing
     * every {@link #UPSERT_BATCH} rows.
     */
    private BenchReport.Rebuild read(boolean upsert) throws SQLException {
        long started = System.nanoTime();
        long rows = 0;
        try (Connection connection = server.openJdbc(); Connection writer = server.openJdbc();
             Statement ddl = writer.createStatement()) {
            if (upsert) {
                ddl.execute("DROP TABLE IF EXISTS bench_directory");
                ddl.execute("CREATE TABLE bench_directory (staff_id varchar(255) PRIMARY KEY, version bigint NOT NULL, "
                        + "position bigint NOT NULL, payload bytea, updated_at varchar(255))");
                writer.setAutoCommit(false);
                started = System.nanoTime();
            }
            connection.setAutoCommit(false);
            try (PreparedStatement query = connection.prepareStatement("SELECT global_index, aggregate_identifier, "
                    + "sequence_number, payload_type, payload_revision, payload, meta_data, time_stamp "
                    + "FROM domain_event_entry ORDER BY global_index");
                 PreparedStatement write = writer.prepareStatement("INSERT INTO bench_directory VALUES (?, ?, ?, ?, ?) "
                         + "ON CONFLICT (staff_id) DO UPDATE SET version = excluded.version, "
                         + "position = excluded.position, payload = excluded.payload, updated_at = excluded.updated_at "
                         + "WHERE bench_directory.version < excluded.version")) {
                query.setFetchSize(1000);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        long position = row.getLong(1);
                        String staffId = row.getString(2);
                        long version = row.getLong(3);
                        row.getString(4);
                        row.getString(5);
                        byte[] payload = row.getBytes(6);
                        row.getBytes(7);
                        String at = row.getString(8);
                        rows++;
                        if (upsert) {
                            write.setString(1, staffId);
                            write.setLong(2, version);
                            write.setLong(3, position);
                            write.setBytes(4, payload);
                            write.setString(5, at);
                            write.addBatch();
                            if (rows % UPSERT_BATCH == 0) {
                                write.executeBatch();
                                writer.commit();
                            }
                        }
                    }
                }
                if (upsert) {
                    write.executeBatch();
                    writer.commit();
                }
            }
            connection.commit();
            double seconds = (System.nanoTime() - started) / 1e9;
            if (upsert) {
                writer.setAutoCommit(true);
                ddl.execute("DROP TABLE IF EXISTS bench_directory");
            }
            return rebuild(upsert ? "JDBC read + upsert per event (baseline)" : "JDBC sequential read (baseline)",
                    rows, seconds);
        }
    }

    static BenchReport.Rebuild rebuild(String name, long events, double seconds) {
        return new BenchReport.Rebuild(name, events, Latency.round(seconds),
                seconds == 0 ? 0 : Latency.round(events / seconds));
    }
}
