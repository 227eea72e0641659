package io.staffsync.app.live;

import io.staffsync.api.staff.wire.ChangeType;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.RawAppends;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Global positions come from a sequence, so a later position can commit first. The feed must never hand out
 * position N+1 while N may still commit, and must not stall on a position that never will.
 */
@StaffSyncIntegrationTest
class PositionGapIT {

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    SimpleBrokerMessageHandler broker;

    @Test
    void a_later_position_waits_for_an_earlier_one_that_commits_late() throws Exception {
        try (StompTestClient editor = StompTestClient.connect(port, "editor", "editor");
             StompTestClient watcher = StompTestClient.connect(port, "viewer", "viewer");
             Connection slow = dataSource.getConnection()) {
            BlockingQueue<StaffChangeMessage> all = subscribeToAll(watcher);
            slow.setAutoCommit(false);
            String lateId = "late-" + UUID.randomUUID();
            long latePosition = RawAppends.registration(slow, lateId, Instant.now());

            CommandReply later = create(editor, UUID.randomUUID().toString());
            assertThat(later.position()).isGreaterThan(latePosition);
            assertThat(nextAbout(all, List.of(lateId, later.staffId()), 1500))
                    .as("position " + later.position() + " must wait while " + latePosition + " may still commit")
                    .isEmpty();

            slow.commit();
            List<StaffChangeMessage> delivered = nextAbout(all, List.of(lateId, later.staffId()), 30_000, 2);
            assertThat(delivered).extracting(StaffChangeMessage::position).containsExactly(latePosition, later.position());
            assertThat(delivered.get(0).type()).isEqualTo(ChangeType.REGISTERED);
        }
    }

    /**
     * The command side claims its command id before it appends, so a transaction can own an older transaction id
     * than one that draws a later position. Then, while the younger transaction holds N, every transaction that
     * ended may be older than it: a snapshot's xmax (one past the newest ended id) is then the younger id itself,
     * and the snapshot's xmin reaches it at once although the younger transaction is still running. Several
     * attempts, because any unrelated transaction that ends in between hides the hole the way it would in production.
     */
    @Test
    void a_later_position_waits_for_an_earlier_one_held_by_a_transaction_with_a_younger_id() throws Exception {
        try (StompTestClient watcher = StompTestClient.connect(port, "viewer", "viewer")) {
            BlockingQueue<StaffChangeMessage> all = subscribeToAll(watcher);
            for (int attempt = 1; attempt <= 5; attempt++) {
                try (Connection older = dataSource.getConnection(); Connection younger = dataSource.getConnection()) {
                    older.setAutoCommit(false);
                    younger.setAutoCommit(false);
                    try (Statement claim = older.createStatement()) {
                        claim.execute("SELECT pg_current_xact_id()");
                    }
                    String lateId = "late-younger-" + UUID.randomUUID();
                    String earlyId = "early-older-" + UUID.randomUUID();
                    long latePosition = RawAppends.registration(younger, lateId, Instant.now());
                    long earlyPosition = RawAppends.registration(older, earlyId, Instant.now());
                    ResumeStressIT.wakeTheFeedAtCommit(older);
                    older.commit();
                    assertThat(earlyPosition).isGreaterThan(latePosition);
                    assertThat(nextAbout(all, List.of(lateId, earlyId), 1500))
                            .as("attempt %d: position %d must wait while %d may still commit", attempt, earlyPosition,
                                    latePosition)
                            .isEmpty();

                    younger.commit();
                    List<StaffChangeMessage> delivered = nextAbout(all, List.of(lateId, earlyId), 30_000, 2);
                    assertThat(delivered).as("attempt %d", attempt).extracting(StaffChangeMessage::position)
                            .containsExactly(latePosition, earlyPosition);
                }
            }
        }
    }

    @Test
    void a_position_that_is_rolled_back_does_not_stall_delivery() throws Exception {
        try (StompTestClient editor = StompTestClient.connect(port, "editor", "editor");
             StompTestClient watcher = StompTestClient.connect(port, "viewer", "viewer");
             Connection failing = dataSource.getConnection()) {
            BlockingQueue<StaffChangeMessage> all = subscribeToAll(watcher);
            failing.setAutoCommit(false);
            String doomedId = "doomed-" + UUID.randomUUID();
            long doomedPosition = RawAppends.registration(failing, doomedId, Instant.now());
            CommandReply later = create(editor, UUID.randomUUID().toString());
            failing.rollback();

            List<StaffChangeMessage> delivered = nextAbout(all, List.of(doomedId, later.staffId()), 30_000, 1);
            assertThat(delivered).extracting(StaffChangeMessage::position).containsExactly(later.position());
            assertThat(later.position()).isGreaterThan(doomedPosition);
            assertThat(nextAbout(all, List.of(doomedId), 500)).isEmpty();
        }
    }

    /**
     * Only a transaction that is appending can hold a missing position. One that writes elsewhere (a batch job, a
     * migration, a session left idle in a transaction) may run for hours: the feed must not wait for it.
     */
    @Test
    void a_long_transaction_that_never_appends_does_not_hold_back_delivery() throws Exception {
        try (StompTestClient editor = StompTestClient.connect(port, "editor", "editor");
             StompTestClient watcher = StompTestClient.connect(port, "viewer", "viewer");
             Connection bystander = dataSource.getConnection();
             Connection failing = dataSource.getConnection()) {
            BlockingQueue<StaffChangeMessage> all = subscribeToAll(watcher);
            bystander.setAutoCommit(false);
            try (Statement write = bystander.createStatement()) {
                // owns a transaction id from here on, and stays open for the whole test
                write.execute("SELECT pg_current_xact_id()");
            }
            failing.setAutoCommit(false);
            String doomedId = "doomed-beside-a-long-one-" + UUID.randomUUID();
            long doomedPosition = RawAppends.registration(failing, doomedId, Instant.now());
            CommandReply later = create(editor, UUID.randomUUID().toString());
            failing.rollback();

            List<StaffChangeMessage> delivered = nextAbout(all, List.of(doomedId, later.staffId()), 30_000, 1);
            assertThat(delivered).as("position %d, past the rolled-back %d, while a transaction that never "
                    + "appended stays open", later.position(), doomedPosition)
                    .extracting(StaffChangeMessage::position).containsExactly(later.position());
            bystander.rollback();
        }
    }

    private BlockingQueue<StaffChangeMessage> subscribeToAll(StompTestClient watcher) {
        BlockingQueue<StaffChangeMessage> all = watcher.subscribe("/topic/staff", StaffChangeMessage.class);
        BrokerSubscriptions.awaitSubscription(broker, "/topic/staff", watcher.subscriptionId(all));
        return all;
    }

    private static CommandReply create(StompTestClient editor, String staffId) throws InterruptedException {
        return editor.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null, null,
                registration(staffId), null));
    }

    private static List<StaffChangeMessage> nextAbout(BlockingQueue<StaffChangeMessage> queue, List<String> staffIds,
                                                      long millis) throws InterruptedException {
        return nextAbout(queue, staffIds, millis, Integer.MAX_VALUE);
    }

    /** Messages about these staff members arriving within {@code millis}, stopping early at {@code enough}. */
    private static List<StaffChangeMessage> nextAbout(BlockingQueue<StaffChangeMessage> queue, List<String> staffIds,
                                                      long millis, int enough) throws InterruptedException {
        List<StaffChangeMessage> about = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (about.size() < enough && System.nanoTime() < deadline) {
            StaffChangeMessage message = queue.poll(20, TimeUnit.MILLISECONDS);
            if (message != null && staffIds.contains(message.staffId())) {
                about.add(message);
            }
        }
        return about;
    }
}
