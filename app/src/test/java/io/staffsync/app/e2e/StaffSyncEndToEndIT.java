package io.staffsync.app.e2e;

import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.ChangeType;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.EventLog.StoredEvent;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation path end to end over real sockets: one STOMP client sends commands, three others are
 * subscribed, every change reaches each of them once and in order, and what they saw is what Postgres stored.
 */
@StaffSyncIntegrationTest
class StaffSyncEndToEndIT {

    private static final int UPDATES = 10;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SimpleBrokerMessageHandler broker;

    @Test
    void every_subscriber_receives_every_change_in_order_and_it_matches_the_event_store() throws Exception {
        String staffId = UUID.randomUUID().toString();
        try (StompTestClient editor = StompTestClient.connect(port, "editor", "editor");
             StompTestClient allStaffA = StompTestClient.connect(port, "viewer", "viewer");
             StompTestClient allStaffB = StompTestClient.connect(port, "alice", "alice");
             StompTestClient oneStaff = StompTestClient.connect(port, "bob", "bob")) {
            BlockingQueue<StaffChangeMessage> a = allStaffA.subscribe("/topic/staff", StaffChangeMessage.class);
            BlockingQueue<StaffChangeMessage> b = allStaffB.subscribe("/topic/staff", StaffChangeMessage.class);
            BlockingQueue<StaffChangeMessage> c = oneStaff.subscribe("/topic/staff." + staffId, StaffChangeMessage.class);
            BrokerSubscriptions.awaitSubscription(broker, "/topic/staff", allStaffA.subscriptionId(a));
            BrokerSubscriptions.awaitSubscription(broker, "/topic/staff", allStaffB.subscriptionId(b));
            BrokerSubscriptions.awaitSubscription(broker, "/topic/staff." + staffId, oneStaff.subscriptionId(c));

            List<CommandReply> replies = new ArrayList<>();
            replies.add(editor.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null,
                    null, registration(staffId), "hired")));
            for (int i = 1; i <= UPDATES; i++) {
                long seen = replies.get(replies.size() - 1).version();
                Map<String, Object> changes = new LinkedHashMap<>();
                changes.put("weeklyHours", 20 + i);
                changes.put("notes", "edit " + i);
                replies.add(editor.command("/app/staff.update",
                        new StaffCommandRequest(UUID.randomUUID(), staffId, seen, changes, null, "edit " + i)));
            }
            long seen = replies.get(replies.size() - 1).version();
            replies.add(editor.command("/app/staff.deactivate",
                    new StaffCommandRequest(UUID.randomUUID(), staffId, seen, null, null, "left")));
            replies.add(editor.command("/app/staff.reactivate",
                    new StaffCommandRequest(UUID.randomUUID(), staffId, seen + 1, null, null, "back")));

            assertThat(replies).extracting(CommandReply::status).containsOnly(CommandStatus.ACCEPTED);
            assertThat(replies).extracting(CommandReply::version)
                    .containsExactlyElementsOf(versions(UPDATES + 3));

            int expected = replies.size();
            List<StaffChangeMessage> seenByA = take(a, staffId, expected);
            List<StaffChangeMessage> seenByB = take(b, staffId, expected);
            List<StaffChangeMessage> seenByC = take(c, staffId, expected);
            assertThat(seenByB).isEqualTo(seenByA);
            assertThat(seenByC).isEqualTo(seenByA);

            List<StoredEvent> stored = EventLog.of(jdbc, staffId);
            assertThat(stored).hasSize(expected);
            for (int i = 0; i < expected; i++) {
                StaffChangeMessage pushed = seenByA.get(i);
                StoredEvent event = stored.get(i);
                CommandReply reply = replies.get(i);
                assertThat(pushed.version()).isEqualTo(event.sequenceNumber()).isEqualTo(reply.version());
                assertThat(pushed.position()).isEqualTo(event.position()).isEqualTo(reply.position());
                assertThat(pushed.commandId()).isEqualTo(reply.commandId().toString())
                        .isEqualTo(event.metaData().path("commandId").asText());
                assertThat(pushed.actor()).isEqualTo("editor").isEqualTo(event.metaData().path("actor").asText());
                assertThat(pushed.clientId()).startsWith("stomp:")
                        .isEqualTo(event.metaData().path("clientId").asText());
                assertThat(event.metaData().path("issuedAt").asText()).isNotBlank();
                assertThat(pushed.state()).isEqualTo(EventLog.replay(stored.subList(0, i + 1)));
            }
            assertThat(seenByA).extracting(StaffChangeMessage::position).isSorted().doesNotHaveDuplicates();
            assertThat(seenByA.get(0).type()).isEqualTo(ChangeType.REGISTERED);
            assertThat(seenByA.get(1).type()).isEqualTo(ChangeType.UPDATED);
            assertThat(seenByA.get(1).changes()).extracting(change -> change.field().wireName())
                    .containsExactly("weeklyHours", "notes");
            assertThat(seenByA.get(expected - 2).type()).isEqualTo(ChangeType.DEACTIVATED);
            assertThat(seenByA.get(expected - 1).type()).isEqualTo(ChangeType.REACTIVATED);

            StaffMemberView last = seenByA.get(expected - 1).state();
            assertThat(last.weeklyHours()).isEqualTo(20 + UPDATES);
            assertThat(last.active()).isTrue();
            assertThat(last.version()).isEqualTo(expected - 1);
            assertThat(about(a, staffId, 1, Duration.ofMillis(300))).as("no message after the last change").isEmpty();
        }
    }

    private static List<Long> versions(int count) {
        List<Long> versions = new ArrayList<>();
        for (long v = 0; v < count; v++) {
            versions.add(v);
        }
        return versions;
    }

    /** The next {@code count} messages about {@code staffId}, skipping other tests' staff members. */
    private static List<StaffChangeMessage> take(BlockingQueue<StaffChangeMessage> queue, String staffId, int count)
            throws InterruptedException {
        List<StaffChangeMessage> messages = about(queue, staffId, count, Duration.ofSeconds(20));
        assertThat(messages).as("messages about " + staffId).hasSize(count);
        return messages;
    }

    /** Messages about {@code staffId} arriving within {@code wait}, stopping early at {@code enough}. */
    private static List<StaffChangeMessage> about(BlockingQueue<StaffChangeMessage> queue, String staffId, int enough,
                                                  Duration wait) throws InterruptedException {
        List<StaffChangeMessage> messages = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (messages.size() < enough && System.nanoTime() < deadline) {
            StaffChangeMessage message = queue.poll(20, TimeUnit.MILLISECONDS);
            if (message != null && message.staffId().equals(staffId)) {
                messages.add(message);
            }
        }
        return messages;
    }
}
