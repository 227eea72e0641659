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
