package io.staffsync.bench;

import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import org.HdrHistogram.Histogram;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1: editors updating staff records as fast as the server answers them, against the same number of
 * JDBC connections inserting the equivalent event rows into a scratch table of the event table's shape.
 * <p>
 * Each connection owns its own staff members and tracks their versions from its replies, so in a correct
 * run there are no conflicts: the figures are of the accepted path (validation, load, append with the
 * idempotency record, commit, reply).
 */
final class WriteScenario {

    static final long REPLY_TIMEOUT_SECONDS = 30;
    private static final String SCRATCH = "bench_event";

    private final ServerUnderTest server;
    private final BenchOptions options;
    private final String runId;
    private final List<String> warnings;

    WriteScenario(ServerUnderTest server, BenchOptions options, String runId, List<String> warnings) {
        this.server = server;
        this.options = options;
        this.runId = runId;
        this.warnings = warnings;
    }

    /** One staff member as one connection last saw it. */
    private static final class Staff {
        final String id;
        long version;
        int weeklyHours = Fixtures.INITIAL_WEEKLY_HOURS;
        boolean lost;

        Staff(String id) {
            this.id = id;
        }
    }

    BenchReport.Write run() throws Exception {
        int n = options.connections();
        List<StompConnection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                connections.add(StompConnection.open(server.webSocket(), options.login(), options.passcode()));
            }
            List<List<Staff>> owned = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                owned.add(new ArrayList<>());
            }
            for (int s = 0; s < options.staff(); s++) {
                owned.get(s % n).add(new Staff(staffPrefix() + (s % n) + "-" + s));
            }

            BenchReport.Run setup = create(connections, owned);

            AtomicLong acceptedUpdates = new AtomicLong();
            ClosedLoop.Result stomp = ClosedLoop.run(n, options.warmup(), options.duration(),
                    i -> update(connections.get(i), owned.get(i), acceptedUpdates));
            long unmatched = connections.stream().mapToLong(StompConnection::unmatchedReplies).sum();
            connections.forEach(c -> c.errors().forEach(e -> warnings.add("STOMP connection: " + e)));
            long stored = storedUpdateEvents();
            if (stored != acceptedUpdates.get()) {
                warnings.add("event store holds " + stored + " update events of this run, but " + acceptedUpdates.get()
                        + " updates were answered ACCEPTED");
            }

            EventRow template = EventRow.latest(server, owned.get(0).get(0).id);
            ClosedLoop.Result jdbc = jdbcBaseline(template);

            BenchReport.Run stompRun = run("STOMP update -> reply", stomp, stomp.count(CommandStatus.ACCEPTED.name()));
            BenchReport.Run jdbcRun = run("JDBC insert (baseline)", jdbc, jdbc.count("ACCEPTED"));
            BenchReport.Ratio ratio = new BenchReport.Ratio(
                    ratio(stompRun.perSecond(), jdbcRun.perSecond()),
                    ratio(stompRun.latency().p50Ms(), jdbcRun.latency().p50Ms()),
                    ratio(stompRun.latency().p99Ms(), jdbcRun.latency().p99Ms()),
                    ratio(stompRun.latency().p999Ms(), jdbcRun.latency().p999Ms()));
            return new BenchReport.Write(setup, stompRun, jdbcRun, ratio, acceptedUpdates.get(), stored, unmatched);
        } finally {
            connections.forEach(StompConnection::close);
        }
    }

    private String staffPrefix() {
        return "bench-" + runId + "-w";
    }

    /** Creates every staff member, each connection its own, one command at a time. */
    private BenchReport.Run create(List<StompConnection> connections, List<List<Staff>> owned) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(connections.size());
        List<Histogram> histograms = new CopyOnWriteArrayList<>();
        Map<String, Long> outcomes = new TreeMap<>();
        long started = System.nanoTime();
        try {
            List<Future<Map<String, Long>>> futures = new ArrayList<>();
            for (int i = 0; i < connections.size(); i++) {
                StompConnection connection = connections.get(i);
                List<Staff> staff = owned.get(i);
                futures.add(threads.submit(() -> {
                    Histogram latencies = Latency.newHistogram();
                    Map<String, Long> mine = new TreeMap<>();
                    for (Staff member : staff) {
                        long began = System.nanoTime();
                        CommandReply reply = await(connection.send("/app/staff.create",
                                new StaffCommandRequest(UUID.randomUUID(), member.id, null, null,
                                        Fixtures.registration(member.id), null)));
                        if (reply == null) {
                            mine.merge(ClosedLoop.NO_REPLY, 1L, Long::sum);
                            member.lost = true;
                            continue;
                        }
                        latencies.recordValue(System.nanoTime() - began);
                        mine.merge(reply.status().name(), 1L, Long::sum);
                        if (reply.status() == CommandStatus.ACCEPTED) {
                            member.version = reply.version();
                        } else {
                            member.lost = true;
                        }
                    }
                    histograms.add(latencies);
                    return mine;
                }));
            }
            for (Future<Map<String, Long>> future : futures) {
                future.get().forEach((outcome, count) -> outcomes.merge(outcome, count, Long::sum));
            }
        } finally {
            threads.shutdownNow();
        }
        Histogram all = Latency.newHistogram();
        histograms.forEach(all::add);
        double seconds = (System.nanoTime() - started) / 1e9;
        long accepted = outcomes.getOrDefault(CommandStatus.ACCEPTED.name(), 0L);
        if (accepted != options.staff()) {
            throw new IllegalStateException("only " + accepted + " of " + options.staff()
                    + " staff members could be created: " + outcomes);
        }
        return run("STOMP create (setup)", new ClosedLoop.Result(outcomes, seconds, all, List.of()), accepted);
    }

    private ClosedLoop.Operation update(StompConnection connection, List<Staff> staff, AtomicLong acceptedUpdates) {
        int[] next = {0};
        return () -> {
            Staff member = null;
            for (int tries = 0; tries < staff.size() && (member == null || member.lost); tries++) {
                member = staff.get(next[0]++ % staff.size());
            }
            if (member == null || member.lost) {
                throw new IllegalStateException("every staff member of a connection was lost to missing replies");
            }
            int hours = (member.weeklyHours + 1) % (Fixtures.MAX_WEEKLY_HOURS + 1);
            StaffCommandRequest request = new StaffCommandRequest(UUID.randomUUID(), member.id, member.version,
                    Map.of("weeklyHours", hours), null, null);
            CommandReply reply = await(connection.send("/app/staff.update", request));
            if (reply == null) {
                // its version is unknown now: leave it alone rather than provoke conflicts
                member.lost = true;
                return ClosedLoop.NO_REPLY;
            }
            if (reply.status() == CommandStatus.ACCEPTED) {
                acceptedUpdates.incrementAndGet();
                member.version = reply.version();
                member.weeklyHours = hours;
            } else if (reply.status() == CommandStatus.CONFLICT && reply.state() != null) {
                member.version = reply.state().version();
                member.weeklyHours = reply.state().weeklyHours() == null ? 0 : reply.state().weeklyHours();
            } else if (reply.status() != CommandStatus.CONFLICT) {
                member.lost = reply.status() == CommandStatus.REJECTED;
            }
            return reply.status().name();
        };
    }

    /** The reply, or null if none came within the timeout. */
    private static CommandReply await(CompletableFuture<CommandReply> reply) throws Exception {
        try {
            return reply.get(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            reply.cancel(false);
            return null;
        }
    }

    private long storedUpdateEvents() throws SQLException {
        try (Connection connection = server.openJdbc();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM domain_event_entry "
                     + "WHERE aggregate_identifier LIKE ? AND sequence_number > 0")) {
            count.setString(1, staffPrefix() + "%");
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * The baseline: the same concurrency, each connection inserting one event row per transaction
     * (autocommit, synchronous_commit on) into {@code bench_event}, which has domain_event_entry's columns,
     * keys and indexes but its own identity and no notify trigger. Rows copy a real update event of this run.
     */
    private ClosedLoop.Result jdbcBaseline(EventRow template) throws Exception {
        try (Connection admin = server.openJdbc(); Statement ddl = admin.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS " + SCRATCH);
            ddl.execute("CREATE TABLE " + SCRATCH + " (LIKE domain_event_entry INCLUDING CONSTRAINTS INCLUDING INDEXES)");
            ddl.execute("ALTER TABLE " + SCRATCH + " ALTER COLUMN global_index ADD GENERATED BY DEFAULT AS IDENTITY");
            List<Connection> connections = new CopyOnWriteArrayList<>();
            try {
                int perConnection = Math.max(1, options.staff() / options.connections());
                return ClosedLoop.run(options.connections(), options.warmup(), options.duration(), i -> {
                    try {
                        Connection connection = server.openJdbc();
                        connections.add(connection);
                        return insert(connection, i, perConnection, template);
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

    private ClosedLoop.Operation insert(Connection connection, int worker, int aggregates, EventRow template)
            throws SQLException {
        try (Statement session = connection.createStatement()) {
            session.execute("SET synchronous_commit TO on");
        }
        connection.setAutoCommit(true);
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + SCRATCH + " ("
                + EventRow.INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        String[] ids = new String[aggregates];
        long[] sequence = new long[aggregates];
        for (int k = 0; k < aggregates; k++) {
            ids[k] = "bench-" + runId + "-j" + worker + "-" + k;
        }
        int[] next = {0};
        return () -> {
            int k = next[0]++ % aggregates;
            try {
                template.bind(insert, ids[k], sequence[k], Instant.now());
                insert.executeUpdate();
                sequence[k]++;
                return "ACCEPTED";
            } catch (SQLException e) {
                return ClosedLoop.FAILED;
            }
        };
    }

    private static BenchReport.Run run(String name, ClosedLoop.Result result, long accepted) {
        return new BenchReport.Run(name, result.outcomes(), accepted, Latency.round(result.seconds()),
                Latency.round(accepted / result.seconds()), Latency.of(result.latencies()), result.timeline());
    }

    static double ratio(double a, double b) {
        return b == 0 ? 0 : Latency.round(a / b);
    }
}
