package io.staffsync.app.live;

import io.staffsync.api.staff.wire.EditingNotice;
import io.staffsync.api.staff.wire.PresenceMessage;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.app.support.NodeProcess;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Who is viewing or editing a staff member is pushed to whoever watches its presence. */
@StaffSyncIntegrationTest
class PresenceIT {

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void presence_is_shared_by_every_node_and_a_killed_nodes_viewers_leave_within_the_time_to_live()
            throws Exception {
        String staffId = UUID.randomUUID().toString();
        String presenceTopic = "/topic/staff." + staffId + ".presence";
        try (NodeProcess nodeB = NodeProcess.start(postgres, "presence-b", "--staffsync.live.presence-ttl=3s");
             StompTestClient watcherOnA = StompTestClient.connect(port, "viewer", "viewer");
             StompTestClient alice = StompTestClient.connect(port, "alice", "alice");
             StompTestClient watcherOnB = StompTestClient.connect(nodeB.port(), "viewer", "viewer");
             StompTestClient bob = StompTestClient.connect(nodeB.port(), "bob", "bob")) {
            BlockingQueue<PresenceMessage> onA = watcherOnA.subscribe(presenceTopic, PresenceMessage.class);
            BlockingQueue<PresenceMessage> onB = watcherOnB.subscribe(presenceTopic, PresenceMessage.class);
            alice.subscribe("/topic/staff." + staffId, StaffChangeMessage.class);
            bob.subscribe("/topic/staff." + staffId, StaffChangeMessage.class);
            bob.send("/app/presence.editing", new EditingNotice(staffId, true));

            for (BlockingQueue<PresenceMessage> watcher : java.util.List.of(onA, onB)) {
                PresenceMessage both = until(watcher, p -> p.viewers().size() == 2
                        && p.viewers().stream().anyMatch(PresenceMessage.Viewer::editing));
                assertThat(both.viewers()).extracting(PresenceMessage.Viewer::user)
                        .containsExactlyInAnyOrder("alice", "bob");
                assertThat(both.viewers()).filteredOn(PresenceMessage.Viewer::editing)
                        .extracting(PresenceMessage.Viewer::user).containsExactly("bob");
            }

            nodeB.kill();
            until(onA, PresenceIT::onlyAlice);
        }
    }

    @Test
    void viewers_and_editors_of_a_staff_member_are_announced_as_they_come_and_go() throws Exception {
        String staffId = UUID.randomUUID().toString();
        try (StompTestClient watcher = StompTestClient.connect(port, "viewer", "viewer")) {
            BlockingQueue<PresenceMessage> presence = watcher.subscribe("/topic/staff." + staffId + ".presence",
                    PresenceMessage.class);
            assertThat(until(presence, p -> p.viewers().isEmpty()).staffId()).isEqualTo(staffId);

            try (StompTestClient alice = StompTestClient.connect(port, "alice", "alice")) {
                try (StompTestClient bob = StompTestClient.connect(port, "bob", "bob")) {
                    alice.subscribe("/topic/staff." + staffId, StaffChangeMessage.class);
                    bob.subscribe("/topic/staff." + staffId, StaffChangeMessage.class);
                    PresenceMessage both = until(presence, p -> p.viewers().size() == 2);
                    assertThat(both.viewers()).extracting(PresenceMessage.Viewer::user)
                            .containsExactlyInAnyOrder("alice", "bob");
                    assertThat(both.viewers()).noneMatch(PresenceMessage.Viewer::editing);

                    alice.send("/app/presence.editing", new EditingNotice(staffId, true));
                    PresenceMessage editing = until(presence,
                            p -> p.viewers().stream().anyMatch(PresenceMessage.Viewer::editing));
                    assertThat(editing.viewers()).filteredOn(PresenceMessage.Viewer::editing)
                            .extracting(PresenceMessage.Viewer::user).containsExactly("alice");
                }
                PresenceMessage bobLeft = until(presence, PresenceIT::onlyAlice);
                assertThat(bobLeft.viewers().get(0).editing()).isTrue();

                alice.close();
                until(presence, p -> p.viewers().isEmpty());
            }
        }
    }

    /** Exactly one viewer left, and it is alice. */
    private static boolean onlyAlice(PresenceMessage presence) {
        return presence.viewers().size() == 1 && presence.viewers().get(0).user().equals("alice");
    }

    private static PresenceMessage until(BlockingQueue<PresenceMessage> queue, Predicate<PresenceMessage> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        PresenceMessage last = null;
        while (System.nanoTime() < deadline) {
            PresenceMessage message = queue.poll(100, TimeUnit.MILLISECONDS);
            if (message != null) {
                last = message;
                if (wanted.test(message)) {
                    return message;
                }
            }
        }
        throw new AssertionError("no matching presence message; last: " + last);
    }
}
