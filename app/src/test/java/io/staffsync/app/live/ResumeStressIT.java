package io.staffsync.app.live;

import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.wire.ChangeType;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.RawAppends;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resume promise under load: clients subscribe with {@code resume-from} at positions they saw, while editors
 * keep appending through the application and raw writers append behind its back in transactions that commit late
 * or roll back, with transaction ids out of position order (as the command side's early idempotency claim makes
 * them). Each resumer must get exactly the store's positions for its subscription after its own, in order, once;
 * a plain live subscriber must get every position after its first one.
 * <p>
 * Soak: {@code -Dstaffsync.live.resume-stress.rounds=20} (default 3, under a minute on a quiet machine).
 */
@StaffSyncIntegrationTest
class ResumeStressIT {

    private static final Logger log = LoggerFactory.getLogger(ResumeStressIT.class);
    private static final int ROUNDS = Integer.getInteger("staffsync.live.resume-stress.rounds", 3);
    private static final int RESUMERS = Integer.getInteger("staffsync.live.resume-stress.resumers", 12);
    private static final int EDITORS = 3;
    private static final int RAW_WRITERS = 2;
    private static final int STAFF = 4;
    private static final long DELIVERY_TIMEOUT_MILLIS = 60_000;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    SimpleBrokerMessageHandler broker;

    /** One resuming subscription: where it resumed from and what it was pushed. */
    private record Resumer(StompTestClient client, String destination, String staffId, long from,
                           BlockingQueue<StaffChangeMessage> received) {
    }

    @Test
    void every_resumer_gets_exactly_the_stored_positions_after_its_own_while_writers_keep_appending() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            runRound(round);
        }
    }

    private void runRound(int round) throws Exception {
        List<String> staff = new ArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(EDITORS + RAW_WRITERS);
        List<Resumer> resumers = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (StompTestClient setup = StompTestClient.connect(port, "editor", "editor");
             StompTestClient observer = StompTestClient.connect(port, "viewer", "viewer")) {
            for (int i = 0; i < STAFF; i++) {
                String staffId = "stress-" + round + "-" + i + "-" + UUID.randomUUID();
                CommandReply created = setup.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(),
                        staffId, null, null, registration(staffId), null));
                assertThat(created.status()).isEqualTo(CommandStatus.ACCEPTED);
                staff.add(staffId);
            }
            BlockingQueue<StaffChangeMessage> live = observer.subscribe("/topic/staff", StaffChangeMessage.class);
            BrokerSubscriptions.awaitSubscription(broker, "/topic/staff", observer.subscriptionId(live));
            List<StaffChangeMessage> seenLive = new ArrayList<>();

            List<Future<?>> writing = new ArrayList<>();
            for (int e = 0; e < EDITORS; e++) {
                writing.add(writers.submit(() -> edit(staff, stop)));
            }
            for (int w = 0; w < RAW_WRITERS; w++) {
                writing.add(writers.submit(() -> appendOutOfOrder(round, stop)));
            }

            // resumers start from positions the live subscriber was pushed, never from 0: in the full suite the store
            // holds every earlier test's events, and a catch-up over all of them is not what this test is about
            StaffChangeMessage first = live.poll(DELIVERY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            assertThat(first).as("round %d: the live subscriber's first change", round).isNotNull();
            seenLive.add(first);
            for (int r = 0; r < RESUMERS; r++) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(50, 250));
                live.drainTo(seenLive);
                failIfAWriterFailed(writing);
                // a position this node pushed: what a client that was connected could have seen last
                long from = seenLive.get(ThreadLocalRandom.current().nextInt(seenLive.size())).position();
                boolean all = r % 3 != 2;
                String staffId = all ? null : staff.get(r % staff.size());
                String destination = all ? "/topic/staff" : "/topic/staff." + staffId;
                StompTestClient client = StompTestClient.connect(port, "viewer", "viewer");
                resumers.add(new Resumer(client, destination, staffId, from,
                        client.subscribeResuming(destination, from, StaffChangeMessage.class)));
            }
            Thread.sleep(500);
            stop.set(true);
            for (Future<?> writer : writing) {
                writer.get(60, TimeUnit.SECONDS);
            }

            List<Long> stored = jdbc.queryForList("SELECT global_index FROM domain_event_entry ORDER BY global_index",
                    Long.class);
            awaitPositions(live, seenLive, stored.get(stored.size() - 1));
            long firstLive = seenLive.get(0).position();
            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(seenLive).as("round %d: a live subscriber gets every position after its first", round)
                    .extracting(StaffChangeMessage::position)
                    .containsExactlyElementsOf(stored.stream().filter(p -> p >= firstLive).toList());
            for (Resumer resumer : resumers) {
                assertResumerGotExactlyTheStore(softly, round, resumer);
            }
            softly.assertAll();
            log.info("round {}: {} resumers, {} positions stored so far", round, resumers.size(), stored.size());
        } finally {
            stop.set(true);
            writers.shutdownNow();
            writers.awaitTermination(30, TimeUnit.SECONDS);
            resumers.forEach(resumer -> resumer.client().close());
        }
    }

    private void assertResumerGotExactlyTheStore(SoftAssertions softly, int round, Resumer resumer)
            throws InterruptedException {
        List<Long> expected = resumer.staffId() == null
                ? jdbc.queryForList("SELECT global_index FROM domain_event_entry WHERE global_index > ? "
                        + "ORDER BY global_index", Long.class, resumer.from())
                : jdbc.queryForList("SELECT global_index FROM domain_event_entry WHERE global_index > ? "
                        + "AND aggregate_identifier = ? ORDER BY global_index", Long.class, resumer.from(),
                        resumer.staffId());
        List<StaffChangeMessage> received = new ArrayList<>();
        if (!expected.isEmpty()) {
            awaitPositions(resumer.received(), received, expected.get(expected.size() - 1));
        }
        // anything after the last expected position would be a duplicate or a stray
        StaffChangeMessage extra = resumer.received().poll(300, TimeUnit.MILLISECONDS);
        if (extra != null) {
            received.add(extra);
        }
        List<Long> positions = received.stream().map(StaffChangeMessage::position).toList();
        List<Long> missing = expected.stream().filter(p -> !positions.contains(p)).toList();
        softly.assertThat(received).as("round %d: %s resumed from %d; missing %s", round, resumer.destination(),
                        resumer.from(), missing)
                .allSatisfy(message -> assertThat(message.type()).isNotEqualTo(ChangeType.RESYNC_REQUIRED))
                .extracting(StaffChangeMessage::position).containsExactlyElementsOf(expected);
    }

    /** Moves messages into {@code into} until one at or past {@code last} arrives, or the bounded wait ends. */
    private static void awaitPositions(BlockingQueue<StaffChangeMessage> queue, List<StaffChangeMessage> into,
                                       long last) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DELIVERY_TIMEOUT_MILLIS);
        while ((into.isEmpty() || into.get(into.size() - 1).position() < last) && System.nanoTime() < deadline) {
            StaffChangeMessage message = queue.poll(50, TimeUnit.MILLISECONDS);
            if (message != null) {
                into.add(message);
            }
        }
    }

    /** Closed-loop updates through the application: each claims its command id, then appends. */
    private Void edit(List<String> staff, AtomicBoolean stop) throws Exception {
        try (StompTestClient editor = StompTestClient.connect(port, "editor", "editor")) {
            while (!stop.get()) {
                UUID commandId = UUID.randomUUID();
                String staffId = staff.get(ThreadLocalRandom.current().nextInt(staff.size()));
                CommandReply reply = editor.command("/app/staff.update", new StaffCommandRequest(commandId, staffId,
                        0L, Map.of("notes", "written by " + commandId, "weeklyHours",
                        ThreadLocalRandom.current().nextInt(80)), null, null, ConflictStrategy.LAST_WRITER_WINS));
                assertThat(reply).as("reply to %s", commandId).isNotNull();
                assertThat(reply.status()).as("update %s", commandId).isEqualTo(CommandStatus.ACCEPTED);
                // bursts with quiet between them, as real editors type: a hole is often seen with nothing else running
                Thread.sleep(ThreadLocalRandom.current().nextLong(0, 40));
            }
        }
        return null;
    }

    /**
     * Pairs of raw appends whose transaction ids run against their positions: the older transaction takes its id
     * first but appends second and commits at once; the younger holds the earlier position open for a while, then
     * commits or (one in four) rolls back.
     */
    private Void appendOutOfOrder(int round, AtomicBoolean stop) throws Exception {
        while (!stop.get()) {
            try (Connection older = dataSource.getConnection(); Connection younger = dataSource.getConnection()) {
                older.setAutoCommit(false);
                younger.setAutoCommit(false);
                try (Statement claim = older.createStatement()) {
                    claim.execute("SELECT pg_current_xact_id()");
                }
                RawAppends.registration(younger, "stress-raw-" + round + "-" + UUID.randomUUID(), Instant.now());
                RawAppends.registration(older, "stress-raw-" + round + "-" + UUID.randomUUID(), Instant.now());
                wakeTheFeedAtCommit(older);
                older.commit();
                Thread.sleep(ThreadLocalRandom.current().nextLong(0, 300));
                if (ThreadLocalRandom.current().nextInt(4) == 0) {
                    younger.rollback();
                } else {
                    younger.commit();
                }
            }
        }
        return null;
    }

    /**
     * Wakes every feed when {@code transaction} commits, as the V5 trigger did, without a transaction of its own:
     * a newer transaction that ends would show the feed that the holder of the missing position is running.
     */
    static void wakeTheFeedAtCommit(Connection transaction) throws Exception {
        try (Statement notify = transaction.createStatement()) {
            notify.execute("NOTIFY staffsync_events");
        }
    }

    private static void failIfAWriterFailed(List<Future<?>> writing) throws Exception {
        for (Future<?> writer : writing) {
            if (writer.isDone()) {
                writer.get();
            }
        }
    }
}
