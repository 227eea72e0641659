package io.staffsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffCommandRequest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 2: a client that was away while one staff member changed K times comes back with
 * {@code resume-from} and catches up over STOMP, against a plain JDBC read of the same K rows.
 * <p>
 * The K changes: two real updates over STOMP, then K-2 copies of their two stored rows (alternating, so the
 * history stays consistent: weeklyHours 40, 41, 40, 41...) inserted straight into domain_event_entry in one
 * transaction. Writing them as commands would take quadratic time (every command replays the staff member's
 * whole history, as there are no snapshots), and this scenario measures the read side, not writes.
 * <p>
 * With {@code --catchup-others N}, N changes of {@link #OTHER_STAFF} other staff members (copies of their own
 * updates, continuing their histories) are stored evenly among the K, as on a server where others kept working:
 * the resuming client must get its K and nothing else.
 */
final class CatchUpScenario {

    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);
    /** A catch-up that delivers nothing for this long is reported incomplete. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);
    static final int STOMP_ROUNDS = 2;
    static final int OTHER_STAFF = 20;

    private final ServerUnderTest server;
    private final BenchOptions options;
    private final String staffId;
    private final List<String> warnings;
    private final HttpClient http = HttpClient.newHttpClient();

    CatchUpScenario(ServerUnderTest server, BenchOptions options, String runId, List<String> warnings) {
        this.server = server;
        this.options = options;
        this.staffId = "bench-" + runId + "-c";
        this.warnings = warnings;
    }

    BenchReport.CatchUp run() throws Exception {
        int k = options.catchUpEvents();
        long from;
        try (StompConnection editor = StompConnection.open(server.webSocket(), options.login(), options.passcode())) {
            from = command(editor, "/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null, null,
                    Fixtures.registration(staffId), null)).position();
            command(editor, "/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId, 0L,
                    Map.of("weeklyHours", Fixtures.INITIAL_WEEKLY_HOURS + 1), null, null));
            command(editor, "/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId, 1L,
                    Map.of("weeklyHours", Fixtures.INITIAL_WEEKLY_HOURS), null, null));
        }
        List<String> others = options.catchUpOthers() == 0 ? List.of()
                : new ReplayScenario(server, options, staffId + "-o", warnings).createStaff(OTHER_STAFF);
        long insertStarted = System.nanoTime();
        insertCopies(k, others);
        double insertSeconds = (System.nanoTime() - insertStarted) / 1e9;
        long settleStarted = System.nanoTime();
        awaitProjected(k);
        double settleSeconds = (System.nanoTime() - settleStarted) / 1e9;

        readRows(from, k);
        BenchReport.Fetch jdbc = readRows(from, k);
        List<BenchReport.Fetch> stomp = new ArrayList<>();
        for (int round = 1; round <= STOMP_ROUNDS; round++) {
            stomp.add(resume(from, k, round));
        }
        BenchReport.Fetch last = stomp.get(stomp.size() - 1);
        return new BenchReport.CatchUp(staffId, from, k, options.catchUpOthers(), Latency.round(insertSeconds),
                Latency.round(settleSeconds), stomp, jdbc, WriteScenario.ratio(last.perSecond(), jdbc.perSecond()));
    }

    private CommandReply command(StompConnection connection, String destination, StaffCommandRequest request)
            throws Exception {
        CommandReply reply = connection.send(destination, request).get(WriteScenario.REPLY_TIMEOUT_SECONDS,
                TimeUnit.SECONDS);
        if (reply.status() != CommandStatus.ACCEPTED) {
            throw new IllegalStateException("catch-up setup: " + destination + " answered " + reply);
        }
        return reply;
    }

    private void insertCopies(int k, List<String> others) throws SQLException {
        HistoryCopies own = HistoryCopies.of(server, List.of(staffId));
        HistoryCopies theirs = HistoryCopies.of(server, others);
        long othersDue = 0;
        int otherTurn = 0;
        try (Connection connection = server.openJdbc();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry ("
                     + EventRow.INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            connection.setAutoCommit(false);
            int pending = 0;
            for (long copy = 3; copy <= k; copy++) {
                own.bindNext(insert, 0, Instant.now());
                insert.addBatch();
                // spread the others' changes evenly: after this copy, as many as are due by now
                for (othersDue += options.catchUpOthers(); othersDue >= k - 2 && theirs.size() > 0;
                     othersDue -= k - 2) {
                    theirs.bindNext(insert, otherTurn++ % theirs.size(), Instant.now());
                    insert.addBatch();
                    pending++;
                }
                if (++pending >= 1000) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            insert.executeBatch();
            connection.commit();
        }
    }

    /** Waits until the staff directory shows version K: the server has taken in all K changes. */
    private void awaitProjected(int k) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((options.login() + ":" + options.passcode())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest get = HttpRequest.newBuilder(URI.create(server.http() + "/api/staff/" + staffId))
                .header("Authorization", "Basic " + basic).GET().build();
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        String expected = "\"" + k + "\"";
        String etag = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
            etag = response.headers().firstValue("ETag").orElse(null);
            if (response.statusCode() == 200 && expected.equals(etag)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not project the " + k + " changes within " + SETTLE_TIMEOUT
                + " (last ETag " + etag + ")");
    }

    /** The baseline: one query, rows streamed in position order, every column read as the server reads it. */
    private BenchReport.Fetch readRows(long from, int k) throws SQLException {
        long started = System.nanoTime();
        long first = -1;
        long rows = 0;
        long bytes = 0;
        long outOfOrder = 0;
        long previous = from;
        try (Connection connection = server.openJdbc();
             PreparedStatement query = connection.prepareStatement("SELECT global_index, aggregate_identifier, "
                     + "sequence_number, payload_type, payload_revision, payload, meta_data, time_stamp "
                     + "FROM domain_event_entry WHERE aggregate_identifier = ? AND global_index > ? "
                     + "ORDER BY global_index")) {
            connection.setAutoCommit(false);
            query.setFetchSize(500);
            query.setString(1, staffId);
            query.setLong(2, from);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    if (first < 0) {
                        first = System.nanoTime();
                    }
                    long position = row.getLong(1);
                    outOfOrder += position > previous ? 0 : 1;
                    previous = position;
                    row.getString(2);
                    row.getLong(3);
                    row.getString(4);
                    row.getString(5);
                    bytes += row.getBytes(6).length;
                    byte[] metaData = row.getBytes(7);
                    bytes += metaData == null ? 0 : metaData.length;
                    row.getString(8);
                    rows++;
                }
            }
            connection.commit();
        }
        long ended = System.nanoTime();
        return fetch("JDBC read (baseline)", rows, bytes, first < 0 ? 0 : first - started, ended - started,
                outOfOrder, rows == k);
    }

    /**
     * One resuming subscriber on a fresh connection. Messages are counted from their {@code position}
     * header; only the first and last bodies are decoded, to check they are changes of this staff member
     * with the versions expected (the client does as little as possible, so the figure is the server's).
     */
    private BenchReport.Fetch resume(long from, int k, int round) throws Exception {
        try (StompConnection client = StompConnection.open(server.webSocket(), options.login(), options.passcode())) {
            CountDownLatch all = new CountDownLatch(k);
            AtomicLong firstAt = new AtomicLong();
            AtomicLong lastAt = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            AtomicLong outOfOrder = new AtomicLong();
            long[] previous = {from};
            byte[][] ends = new byte[2][];
            long started = System.nanoTime();
            client.subscribeResuming("/topic/staff." + staffId, from, (headers, body) -> {
                long now = System.nanoTime();
                if (firstAt.get() == 0) {
                    firstAt.set(now);
                    ends[0] = body;
                }
                String header = headers.getFirst("position");
                long position = header == null ? -1 : Long.parseLong(header);
                if (position <= previous[0]) {
                    outOfOrder.incrementAndGet();
                }
                previous[0] = position;
                bytes.addAndGet(body.length);
                ends[1] = body;
                lastAt.set(now);
                all.countDown();
            });
            long seen = -1;
            while (all.getCount() > 0 && all.getCount() != seen) {
                seen = all.getCount();
                all.await(STALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            long received = k - all.getCount();
            boolean complete = received == k;
            if (!complete) {
                warnings.add("catch-up round " + round + " stalled after " + received + " of " + k + " messages");
            }
            check(ends[0], 1, round);
            if (complete) {
                check(ends[1], k, round);
            }
            client.errors().forEach(e -> warnings.add("catch-up round " + round + ": " + e));
            return fetch("STOMP resume-from (" + ordinal(round) + " subscriber)", received, bytes.get(),
                    firstAt.get() == 0 ? 0 : firstAt.get() - started, lastAt.get() == 0 ? 0 : lastAt.get() - started,
                    outOfOrder.get(), complete);
        }
    }

    private void check(byte[] body, long version, int round) throws IOException {
        if (body == null) {
            return;
        }
        JsonNode message = StompConnection.JSON.readTree(body);
        if (!staffId.equals(message.path("staffId").asText()) || message.path("version").asLong() != version) {
            warnings.add("catch-up round " + round + ": expected version " + version + " of " + staffId + ", got "
                    + message.path("type").asText() + " version " + message.path("version").asText());
        }
    }

    private static String ordinal(int round) {
        return switch (round) {
            case 1 -> "1st";
            case 2 -> "2nd";
            case 3 -> "3rd";
            default -> round + "th";
        };
    }

    private static BenchReport.Fetch fetch(String name, long messages, long bytes, long firstNanos, long totalNanos,
                                           long outOfOrder, boolean complete) {
        double seconds = totalNanos / 1e9;
        return new BenchReport.Fetch(name, messages, bytes, Latency.round(firstNanos / 1e6),
                Latency.round(totalNanos / 1e6), seconds == 0 ? 0 : Latency.round(messages / seconds), outOfOrder,
                complete);
    }
}
