package io.staffsync.app.faultdata;

import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.EventLog.StoredEvent;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A history checker in the style of Jepsen: random editors on their own connections, each subscribed to random
 * destinations, send updates with random strategies from whatever version they last saw, and drop their
 * connection at random moments, sometimes with a command in flight (retried with the same commandId once back),
 * coming back with {@code resume-from} the last position they received. Afterwards
 * the recorded history must satisfy, per round:
 * <ol>
 * <li>each staff member's versions are 0..n without a gap;</li>
 * <li>every update event was caused by a command a client sent, and no command (retries included) stored more
 * than one; every ACCEPTED, PENDING_CHOICE or DUPLICATE reply names the version and position of its command's event,
 * or, for a patch that changed nothing, the version it was based on, which already held every value it asked for;</li>
 * <li>every client received, across all its connections, every change of each subscription exactly once, in
 * position order, each with the state a replay gives at that version;</li>
 * <li>the directory equals a replay of the log.</li>
 * </ol>
 * A seeded loop rather than jqwik: each try needs the running server, clients and a database, which jqwik's
 * lifecycle cannot share with Spring's test context (there is no jqwik-spring here), and shrinking a concurrent
 * history would not be reproducible anyway. {@code -Dstaffsync.random.seed} replays a run's choices;
 * {@code -Dstaffsync.history.rounds} makes it longer.
 */
@StaffSyncIntegrationTest
class HistoryCheckerIT {

    private static final long SEED = Long.getLong("staffsync.random.seed", 20261125L);
    private static final int ROUNDS = Integer.getInteger("staffsync.history.rounds", 3);
    private static final int CLIENTS = 4;
    private static final int STEPS = 15;
    private static final int STAFF = 3;
    private static final ConflictStrategy[] STRATEGIES = ConflictStrategy.values();
    private static final String[] ROLES = {"Engineer", "Lead", "Architect"};

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SimpleBrokerMessageHandler broker;

    @Test
    void random_histories_with_disconnects_satisfy_the_invariants() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            checkRound(SEED + 1000L * round);
        }
    }

    private void checkRound(long seed) throws Exception {
        long start = deliveredMarker();
        List<String> staffIds = new ArrayList<>();
        HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
        for (int i = 0; i < STAFF; i++) {
            String staffId = "history-" + UUID.randomUUID();
            Clients.register(editor, staffId);
            staffIds.add(staffId);
        }
        Map<String, Long> latest = new ConcurrentHashMap<>();
        staffIds.forEach(id -> latest.put(id, 0L));

        List<HistoryClient> clients = new ArrayList<>();
        Random setup = new Random(seed);
        for (int c = 0; c < CLIENTS; c++) {
            List<String> destinations = new ArrayList<>();
            if (setup.nextBoolean()) {
                destinations.add("/topic/staff");
            }
            for (String staffId : staffIds) {
                if (setup.nextInt(3) == 0 || destinations.isEmpty() && staffId.equals(staffIds.get(staffIds.size() - 1))) {
                    destinations.add("/topic/staff." + staffId);
                }
            }
            clients.add(new HistoryClient(c % 2 == 0 ? "alice" : "bob", destinations, start));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<CommandReply> replies = new ArrayList<>();
        try {
            for (HistoryClient client : clients) {
                client.connect();
            }
            List<Future<List<CommandReply>>> work = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                HistoryClient client = clients.get(c);
                Random random = new Random(seed + c + 1);
                work.add(pool.submit(() -> client.run(random, staffIds, latest)));
            }
            for (Future<List<CommandReply>> done : work) {
                replies.addAll(done.get());
            }

            Map<String, List<StoredEvent>> logs = new HashMap<>();
            for (String staffId : staffIds) {
                List<StoredEvent> log = EventLog.of(jdbc, staffId);
                logs.put(staffId, log);
                assertThat(log).extracting(StoredEvent::sequenceNumber).as("versions of %s (seed %d)", staffId, seed)
                        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, log.size()).boxed().toList());
            }
            Map<UUID, StaffCommandRequest> requests = new HashMap<>();
            clients.forEach(client -> requests.putAll(client.sent));
            Map<String, List<StoredEvent>> byCommand = new HashMap<>();
            logs.values().stream().flatMap(List::stream).filter(event -> event.sequenceNumber() > 0)
                    .forEach(event -> byCommand.computeIfAbsent(event.metaData().path("commandId").asText(),
                            id -> new ArrayList<>()).add(event));
            for (List<StoredEvent> caused : byCommand.values()) {
                assertThat(requests).as("every update event comes from a command a client sent (seed %d)", seed)
                        .containsKey(UUID.fromString(caused.get(0).metaData().path("commandId").asText()));
                assertThat(caused).as("events of one command, retries included (seed %d)", seed).hasSize(1);
            }
            for (CommandReply reply : replies) {
                if (reply.status() == CommandStatus.ACCEPTED || reply.status() == CommandStatus.PENDING_CHOICE
                        || reply.status() == CommandStatus.DUPLICATE) {
                    List<StoredEvent> log = logs.get(reply.staffId());
                    assertThat(reply.version()).as("reply %s (seed %d)", reply, seed).isLessThan(log.size());
                    StoredEvent atVersion = log.get(reply.version().intValue());
                    assertThat(atVersion.position()).as("reply %s", reply).isEqualTo(reply.position());
                    List<StoredEvent> caused = byCommand.getOrDefault(reply.commandId().toString(), List.of());
                    if (caused.isEmpty()) {
                        // only a patch of values the staff member already had stores nothing: it is answered with
                        // the version it was based on (or, if stale with nothing contested, the current one), which
                        // already holds every value it asked for
                        StaffCommandRequest request = requests.get(reply.commandId());
                        // (the retry of a no-op repeats the original's version, and carries no conflict to check)
                        if (reply.status() != CommandStatus.DUPLICATE && reply.conflict() == null) {
                            assertThat(reply.version()).as("no-op %s", reply).isEqualTo(request.expectedVersion());
                        } else if (reply.status() != CommandStatus.DUPLICATE) {
                            assertThat(reply.conflict().contested()).as("a stale no-op settles nothing: %s", reply)
                                    .isEmpty();
                        }
                        StaffMemberView state = EventLog.replay(log.subList(0, reply.version().intValue() + 1));
                        request.changes().forEach((field, value) -> assertThat(
                                state).as("no-op %s: %s", reply, field)
                                .hasFieldOrPropertyWithValue(field, value));
                    } else {
                        assertThat(caused.get(0).sequenceNumber()).as("the event of %s (seed %d)", reply, seed)
                                .isEqualTo(reply.version());
                    }
                }
            }
            List<StoredEvent> ours = logs.values().stream().flatMap(List::stream)
                    .sorted(java.util.Comparator.comparingLong(StoredEvent::position)).toList();
            for (HistoryClient client : clients) {
                client.awaitAndCheck(ours, logs, seed);
            }
            for (String staffId : staffIds) {
                long last = logs.get(staffId).size() - 1;
                await().atMost(Duration.ofSeconds(30)).until(() -> Gaps.directoryVersion(jdbc, staffId).orElse(-1L) == last);
                assertThat(new HttpTestClient(port, "viewer", "viewer").getAs("/api/staff/" + staffId,
                        StaffMemberView.class)).as("directory of %s (seed %d)", staffId, seed)
                        .isEqualTo(EventLog.replay(logs.get(staffId)));
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(HistoryClient::close);
        }
    }

    /** A position the live feed has certainly delivered: the next subscriber can resume from it. */
    private long deliveredMarker() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        try (StompTestClient watcher = StompTestClient.connect(port, "viewer", "viewer")) {
            BlockingQueue<StaffChangeMessage> changes = watcher.subscribe("/topic/staff." + marker,
                    StaffChangeMessage.class);
            BrokerSubscriptions.awaitSubscribers(broker, "/topic/staff." + marker, 1);
            Clients.register(new HttpTestClient(port, "editor", "editor"), marker);
            return Clients.changesAbout(changes, List.of(marker), 1).get(0).position();
        }
    }

    /** One editor: a connection that comes and goes, its subscriptions, and everything it received. */
    private final class HistoryClient {

        private final String user;
        private final List<String> destinations;
        private final Map<String, List<StaffChangeMessage>> received = new LinkedHashMap<>();
        private final Map<String, BlockingQueue<StaffChangeMessage>> live = new HashMap<>();
        private final Map<String, Long> resumeFrom = new HashMap<>();
        private final Map<UUID, StaffCommandRequest> sent = new ConcurrentHashMap<>();
        private final long start;
        private StompTestClient connection;

        HistoryClient(String user, List<String> destinations, long start) {
            this.user = user;
            this.start = start;
            this.destinations = destinations;
            destinations.forEach(destination -> {
                received.put(destination, new ArrayList<>());
                resumeFrom.put(destination, start);
            });
        }

        void connect() throws Exception {
            connection = StompTestClient.connect(port, user, user);
            for (String destination : destinations) {
                live.put(destination, connection.subscribeResuming(destination, resumeFrom.get(destination),
                        StaffChangeMessage.class));
            }
        }

        List<CommandReply> run(Random random, List<String> staffIds, Map<String, Long> latest) throws Exception {
            List<CommandReply> replies = new ArrayList<>();
            for (int step = 0; step < STEPS; step++) {
                drain();
                if (random.nextInt(5) == 0) {
                    drain();
                    connection.close();
                    connect();
                    continue;
                }
                String staffId = staffIds.get(random.nextInt(staffIds.size()));
                long seen = Math.max(0, latest.get(staffId) - random.nextInt(2));
                Map<String, Object> changes = new HashMap<>();
                changes.put(random.nextBoolean() ? "role" : "department", ROLES[random.nextInt(ROLES.length)]);
                if (random.nextBoolean()) {
                    changes.put("weeklyHours", 10 * (1 + random.nextInt(4)));
                }
                StaffCommandRequest request = new StaffCommandRequest(UUID.randomUUID(), staffId, seen, changes, null,
                        null, STRATEGIES[random.nextInt(STRATEGIES.length)]);
                sent.put(request.commandId(), request);
                CommandReply reply;
                if (random.nextInt(6) == 0) {
                    // the connection goes away with the command in flight; the client retries it with the same
                    // commandId once it is back, as the protocol tells it to
                    connection.send("/app/staff.update", request);
                    drain();
                    connection.close();
                    connect();
                    reply = connection.command("/app/staff.update", request);
                    assertThat(reply.status()).as("retry of %s after a disconnect", request.commandId())
                            .isIn(CommandStatus.DUPLICATE, CommandStatus.ACCEPTED, CommandStatus.PENDING_CHOICE,
                                    CommandStatus.CONFLICT);
                } else {
                    reply = connection.command("/app/staff.update", request);
                }
                if (reply.version() != null) {
                    latest.merge(staffId, reply.version(), Math::max);
                }
                replies.add(reply);
            }
            return replies;
        }

        private void drain() {
            live.forEach((destination, queue) -> {
                List<StaffChangeMessage> into = received.get(destination);
                StaffChangeMessage message;
                while ((message = queue.poll()) != null) {
                    into.add(message);
                    resumeFrom.put(destination, message.position());
                }
            });
        }

        void awaitAndCheck(List<StoredEvent> ours, Map<String, List<StoredEvent>> logs, long seed) {
            for (String destination : destinations) {
                String only = destination.equals("/topic/staff") ? null : destination.substring("/topic/staff.".length());
                List<Long> expected = ours.stream()
                        .filter(event -> event.position() > start)
                        .filter(event -> only == null || only.equals(logOwner(logs, event)))
                        .map(StoredEvent::position).toList();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    drain();
                    return relevant(destination, logs).size() >= expected.size();
                });
                List<StaffChangeMessage> got = relevant(destination, logs);
                assertThat(got).extracting(StaffChangeMessage::position)
                        .as("%s on %s, across reconnects (seed %d)", user, destination, seed)
                        .containsExactlyElementsOf(expected);
                for (StaffChangeMessage message : got) {
                    List<StoredEvent> log = logs.get(message.staffId());
                    assertThat(message.state()).as("pushed state at %s v%d", message.staffId(), message.version())
                            .isEqualTo(EventLog.replay(log.subList(0, (int) message.version() + 1)));
                }
            }
        }

        /** What this subscription received about this round's staff members (the feed carries others' too). */
        private List<StaffChangeMessage> relevant(String destination, Map<String, List<StoredEvent>> logs) {
            return received.get(destination).stream().filter(message -> logs.containsKey(message.staffId())).toList();
        }

        void close() {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private static String logOwner(Map<String, List<StoredEvent>> logs, StoredEvent event) {
        return logs.entrySet().stream().filter(entry -> entry.getValue().contains(event)).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }
}
