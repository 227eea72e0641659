package io.staffsync.bench;

import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffCommandRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 6: W writers (closed loop) updating S shared staff members, once per conflict strategy. Each writer
 * sends the version it last saw of the staff member it picked, so most updates are stale and settled by the
 * strategy. Every update sets {@code notes} to a value of its own (so it always changes something) and a random
 * {@code weeklyHours}. The baseline: W JDBC connections appending to S aggregates of a scratch table with the
 * event table's unique (aggregate, sequence) key, each append reading the last sequence number first and
 * retrying on a unique violation.
 */
final class ContentionScenario {

    static final String MERGED = "MERGED";
    private static final String SCRATCH = "bench_hot_event";
    private static final String UPDATED = "io.staffsync.api.staff.event.StaffMemberUpdatedEvent";
    private static final String RAISED = "io.staffsync.api.staff.event.StaffConflictRaisedEvent";

    private final ServerUnderTest server;
    private final BenchOptions options;
    private final String runId;
    private final List<String> warnings;

    ContentionScenario(ServerUnderTest server, BenchOptions options, String runId, List<String> warnings) {
        this.server = server;
        this.options = options;
        this.runId = runId;
        this.warnings = warnings;
    }

    private Duration warmup() {
        return options.warmup().compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2) : options.warmup();
    }

    BenchReport.Contention run() throws Exception {
        int w = options.connections();
        List<BenchReport.StrategyRun> runs = new ArrayList<>();
        ClosedLoop.Result jdbc;
        List<StompConnection> writers = new ArrayList<>();
        try {
            for (int i = 0; i < w; i++) {
                writers.add(StompConnection.open(server.webSocket(), options.login(), options.passcode()));
            }
            for (ConflictStrategy strategy : ConflictStrategy.values()) {
                System.err.println("  " + strategy);
                runs.add(strategy(strategy, writers));
            }
        } finally {
            writers.forEach(StompConnection::close);
        }
        AtomicLong retries = new AtomicLong();
        jdbc = baseline(retries);
        BenchReport.Run baseline = new BenchReport.Run("JDBC read + append, retry on unique violation (baseline)",
                jdbc.outcomes(), jdbc.count("ACCEPTED"), Latency.round(jdbc.seconds()),
                Latency.round(jdbc.count("ACCEPTED") / jdbc.seconds()), Latency.of(jdbc.latencies()), jdbc.timeline());
        List<BenchReport.StrategyRun> withRatio = runs.stream().map(r -> new BenchReport.StrategyRun(r.strategy(),
                r.run(), r.acceptedPerSecond(), r.mergedPerSecond(), r.rejectedPerSecond(), r.pendingPerSecond(),
                r.storedEvents(), r.expectedEvents(), r.lostUpdates(),
                WriteScenario.ratio(r.acceptedPerSecond() + r.mergedPerSecond(), baseline.perSecond()))).toList();
        return new BenchReport.Contention(w, options.hotStaff(), withRatio, baseline, retries.get());
    }

    private BenchReport.StrategyRun strategy(ConflictStrategy strategy, List<StompConnection> writers)
            throws Exception {
        String prefix = "bench-" + runId + "-h" + strategy.ordinal() + "-";
        List<String> staff = new ArrayList<>();
        for (int s = 0; s < options.hotStaff(); s++) {
            String id = prefix + s;
            staff.add(id);
            CommandReply reply = await(writers.get(s % writers.size()).send("/app/staff.create",
                    new StaffCommandRequest(UUID.randomUUID(), id, null, null, Fixtures.registration(id), null)));
            if (reply == null || reply.status() != CommandStatus.ACCEPTED) {
                throw new IllegalStateException("contention setup: " + reply);
            }
        }
        AtomicLong storing = new AtomicLong();
        AtomicLong raising = new AtomicLong();
        ClosedLoop.Result result = ClosedLoop.run(writers.size(), warmup(), options.contentionDuration(),
                i -> update(writers.get(i), staff, strategy, storing, raising));
        Map<String, Long> stored = storedEvents(prefix);
        long expected = storing.get() + raising.get();
        long actual = stored.getOrDefault(UPDATED, 0L) + stored.getOrDefault(RAISED, 0L);
        long lost = Math.abs(storing.get() - stored.getOrDefault(UPDATED, 0L))
                + Math.abs(raising.get() - stored.getOrDefault(RAISED, 0L));
        if (lost > 0) {
            warnings.add("contention " + strategy + ": " + storing.get() + " updates answered ACCEPTED and "
                    + raising.get() + " PENDING_CHOICE, but the store holds " + stored);
        }
        long accepted = result.count(CommandStatus.ACCEPTED.name());
        long merged = result.count(MERGED);
        long rejected = result.count(CommandStatus.CONFLICT.name()) + result.outcomes().entrySet().stream()
                .filter(e -> e.getKey().startsWith(CommandStatus.REJECTED.name())).mapToLong(Map.Entry::getValue).sum();
        long pending = result.count(CommandStatus.PENDING_CHOICE.name());
        double seconds = result.seconds();
        BenchReport.Run run = new BenchReport.Run(strategy.name(), result.outcomes(), accepted + merged,
                Latency.round(seconds), Latency.round((accepted + merged) / seconds), Latency.of(result.latencies()),
                result.timeline());
        return new BenchReport.StrategyRun(strategy.name(), run, Latency.round(accepted / seconds),
                Latency.round(merged / seconds), Latency.round(rejected / seconds), Latency.round(pending / seconds),
                actual, expected, lost, 0);
    }

    /**
     * One writer: a random staff member at the version this writer last saw. Outcomes: ACCEPTED (not stale),
     * MERGED (stale, settled and applied), CONFLICT, PENDING_CHOICE, REJECTED:code.
     */
    private ClosedLoop.Operation update(StompConnection writer, List<String> staff, ConflictStrategy strategy,
                                        AtomicLong storing, AtomicLong raising) {
        Map<String, Long> seen = new HashMap<>();
        return () -> {
            String id = staff.get(ThreadLocalRandom.current().nextInt(staff.size()));
            UUID commandId = UUID.randomUUID();
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("notes", "note " + commandId);
            changes.put("weeklyHours", ThreadLocalRandom.current().nextInt(Fixtures.MAX_WEEKLY_HOURS + 1));
            CommandReply reply = await(writer.send("/app/staff.update", new StaffCommandRequest(commandId, id,
                    seen.getOrDefault(id, 0L), changes, null, null, strategy)));
            if (reply == null) {
                return ClosedLoop.NO_REPLY;
            }
            switch (reply.status()) {
                case ACCEPTED -> {
                    storing.incrementAndGet();
                    seen.put(id, reply.version());
                    return reply.conflict() != null && !reply.conflict().contested().isEmpty() ? MERGED
                            : CommandStatus.ACCEPTED.name();
                }
                case PENDING_CHOICE -> {
                    raising.incrementAndGet();
                    seen.put(id, reply.version());
                    return CommandStatus.PENDING_CHOICE.name();
                }
                case CONFLICT -> {
                    if (reply.state() != null) {
                        seen.put(id, reply.state().version());
                    } else if (reply.version() != null) {
                        seen.put(id, reply.version());
                    }
                    return CommandStatus.CONFLICT.name();
                }
                case REJECTED -> {
                    return CommandStatus.REJECTED.name() + ":" + (reply.error() == null ? "" : reply.error().code());
                }
                default -> {
                    return reply.status().name();
                }
            }
        };
    }

    private static CommandReply await(CompletableFuture<CommandReply> reply) throws Exception {
        try {
            return reply.get(WriteScenario.REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            reply.cancel(false);
            return null;
        }
    }

    private Map<String, Long> storedEvents(String prefix) throws SQLException {
        Map<String, Long> byType = new HashMap<>();
        try (Connection connection = server.openJdbc();
             PreparedStatement count = connection.prepareStatement("SELECT payload_type, count(*) FROM "
                     + "domain_event_entry WHERE aggregate_identifier LIKE ? AND sequence_number > 0 "
                     + "GROUP BY payload_type")) {
            count.setString(1, prefix + "%");
            try (ResultSet rows = count.executeQuery()) {
                while (rows.next()) {
                    byType.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return byType;
    }

    /** W connections appending to S aggregates: read the last sequence number, insert the next, retry if taken. */
    private ClosedLoop.Result baseline(AtomicLong retries) throws Exception {
        EventRow template;
        try (Connection connection = server.openJdbc(); Statement query = connection.createStatement();
             ResultSet any = query.executeQuery("SELECT aggregate_identifier FROM domain_event_entry "
                     + "WHERE payload_type = '" + UPDATED + "' ORDER BY global_index DESC LIMIT 1")) {
            if (!any.next()) {
                throw new IllegalStateException("contention baseline: no stored update to copy");
            }
            template = EventRow.latest(server, any.getString(1));
        }
        System.err.println("  JDBC baseline");
        try (Connection admin = server.openJdbc(); Statement ddl = admin.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS " + SCRATCH);
            ddl.execute("CREATE TABLE " + SCRATCH + " (LIKE domain_event_entry INCLUDING CONSTRAINTS INCLUDING INDEXES)");
            ddl.execute("ALTER TABLE " + SCRATCH + " ALTER COLUMN global_index ADD GENERATED BY DEFAULT AS IDENTITY");
            List<Connection> connections = new CopyOnWriteArrayList<>();
            try {
                return ClosedLoop.run(options.connections(), warmup(), options.contentionDuration(), i -> {
                    try {
                        Connection connection = server.openJdbc();
                        connections.add(connection);
                        return append(connection, template, retries);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } finally {
                for (Connection connection : connections) {
                    connection.close();
                }
                ddl.execute("DROP TABLE IF EXISTS " + SCRATCH);
            }
        }
    }

    private ClosedLoop.Operation append(Connection connection, EventRow template, AtomicLong retries)
            throws SQLException {
        connection.setAutoCommit(true);
        PreparedStatement last = connection.prepareStatement("SELECT coalesce(max(sequence_number), -1) FROM "
                + SCRATCH + " WHERE aggregate_identifier = ?");
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + SCRATCH + " ("
                + EventRow.INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        String prefix = "bench-" + runId + "-hj";
        return () -> {
            String id = prefix + ThreadLocalRandom.current().nextInt(options.hotStaff());
            for (int attempt = 0; attempt < 1000; attempt++) {
                last.setString(1, id);
                long sequence;
                try (ResultSet row = last.executeQuery()) {
                    row.next();
                    sequence = row.getLong(1) + 1;
                }
                template.bind(insert, id, sequence, Instant.now());
                try {
                    insert.executeUpdate();
                    return "ACCEPTED";
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState())) {
                        return ClosedLoop.FAILED;
                    }
                    retries.incrementAndGet();
                }
            }
            return ClosedLoop.FAILED;
        };
    }
}
