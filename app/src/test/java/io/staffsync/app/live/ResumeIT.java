package io.staffsync.app.live;

import io.staffsync.api.staff.wire.ChangeType;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.EventLog.StoredEvent;
import io.staffsync.app.support.SeparateNode;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import io.staffsync.query.live.ChangeFeed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A client that comes back with the last position it saw gets every missed change once, in order, then live. */
@StaffSyncIntegrationTest
class ResumeIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SimpleBrokerMessageHandler broker;
    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void a_client_resuming_after_missing_25_changes_gets_exactly_those_in_order_then_live_ones() throws Exception {
        String staffId = UUID.randomUUID().toString();
        long lastSeen;
        try (StompTestClient editor = StompTestClient.connect(port, "editor", "editor")) {
            try (StompTestClient laptop = StompTestClient.connect(port, "viewer", "viewer")) {
                BlockingQueue<StaffChangeMessage> live = laptop.subscribe("/topic/staff." + staffId,
                        StaffChangeMessage.class);
                BrokerSubscriptions.awaitSubscribers(broker, "/topic/staff." + staffId, 1);
                CommandReply created = editor.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(),
                        staffId, null, null, registration(staffId), null));
                lastSeen = take(live, 1).get(0).position();
                assertThat(lastSeen).isEqualTo(created.position());
            }
            // the laptop sleeps while 25 changes happen
            for (int i = 1; i <= 25; i++) {
                editor.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId, (long) i - 1,
                        Map.of("weeklyHours", i), null, null));
            }
            try (StompTestClient laptop = StompTestClient.connect(port, "viewer", "viewer")) {
                BlockingQueue<StaffChangeMessage> resumed = laptop.subscribeResuming("/topic/staff." + staffId, lastSeen,
                        StaffChangeMessage.class);
                List<StaffChangeMessage> missed = take(resumed, 25);
                List<StoredEvent> stored = EventLog.of(jdbc, staffId);
                assertThat(missed).extracting(StaffChangeMessage::position)
                        .containsExactlyElementsOf(stored.subList(1, 26).stream().map(StoredEvent::position).toList());
                assertThat(missed).extracting(m -> m.state().weeklyHours())
                        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 25).boxed().toList());
                for (int i = 0; i < missed.size(); i++) {
                    assertThat(missed.get(i).state()).isEqualTo(EventLog.replay(stored.subList(0, i + 2)));
                }

                editor.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId, 25L,
                        Map.of("role", "Lead"), null, null));
                StaffChangeMessage next = take(resumed, 1).get(0);
                assertThat(next.version()).isEqualTo(26);
                assertThat(next.state().role()).isEqualTo("Lead");
                assertThat(resumed.poll(300, TimeUnit.MILLISECONDS)).isNull();
            }
        }
    }

    @RepeatedTest(5)
    void resuming_while_changes_keep_arriving_leaves_no_gap_and_no_duplicate() throws Exception {
        String staffId = UUID.randomUUID().toString();
        int updates = 60;
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (StompTestClient editor = StompTestClient.connect(port, "editor", "editor");
             StompTestClient reader = StompTestClient.connect(port, "viewer", "viewer")) {
            CommandReply created = editor.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(),
                    staffId, null, null, registration(staffId), null));
            Future<?> writing = writer.submit(() -> {
                for (int i = 1; i <= updates; i++) {
                    CommandReply reply = editor.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(),
                            staffId, (long) i - 1, Map.of("weeklyHours", i % 80), null, null));
                    assertThat(reply.status()).as("update %d", i).isEqualTo(CommandStatus.ACCEPTED);
                }
                return null;
            });
            // resume from the registration while the writer is mid-stream; a writer that failed fails the test here
            await("15 events stored by the writer").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> {
                        if (writing.isDone()) {
                            writing.get();
                        }
                        return EventLog.of(jdbc, staffId).size() >= 15;
                    });
            BlockingQueue<StaffChangeMessage> resumed = reader.subscribeResuming("/topic/staff." + staffId,
                    created.position(), StaffChangeMessage.class);
            writing.get(60, TimeUnit.SECONDS);

            List<StaffChangeMessage> received = take(resumed, updates);
            List<Long> storedAfterRegistration = EventLog.of(jdbc, staffId).stream().skip(1)
                    .map(StoredEvent::position).toList();
            assertThat(received).extracting(StaffChangeMessage::position)
                    .containsExactlyElementsOf(storedAfterRegistration);
            assertThat(received).extracting(StaffChangeMessage::version)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, updates).boxed().toList());
            assertThat(resumed.poll(300, TimeUnit.MILLISECONDS)).as("nothing twice").isNull();
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void a_position_that_cannot_be_served_gets_resync_required_then_live_changes() throws Exception {
        String staffId = UUID.randomUUID().toString();
        try (StompTestClient editor = StompTestClient.connect(port, "editor", "editor");
             StompTestClient client = StompTestClient.connect(port, "viewer", "viewer")) {
            BlockingQueue<StaffChangeMessage> future = client.subscribeResuming("/topic/staff." + staffId,
                    999_999_999_999L, StaffChangeMessage.class);
            BlockingQueue<StaffChangeMessage> garbage = client.subscribeWithHeader("/topic/staff", "resume-from",
                    "yesterday", StaffChangeMessage.class);
            StaffChangeMessage resync = take(future, 1).get(0);
            assertThat(resync.type()).isEqualTo(ChangeType.RESYNC_REQUIRED);
            assertThat(resync.position()).isLessThan(999_999_999_999L);
            assertThat(take(garbage, 1).get(0).type()).isEqualTo(ChangeType.RESYNC_REQUIRED);

            CommandReply created = editor.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(),
                    staffId, null, null, registration(staffId), null));
            assertThat(created.status()).isEqualTo(CommandStatus.ACCEPTED);
            StaffChangeMessage live = take(future, 1).get(0);
            assertThat(live.type()).isEqualTo(ChangeType.REGISTERED);
            assertThat(live.position()).isEqualTo(created.position());
        }
    }

    @Test
    void a_client_more_than_max_catch_up_positions_behind_gets_resync_required_and_one_within_it_is_caught_up()
            throws Exception {
        String staffId = UUID.randomUUID().toString();
        String topic = "/topic/staff." + staffId;
        try (ConfigurableApplicationContext node = SeparateNode.start(postgres, "--staffsync.live.max-catch-up=10");
             StompTestClient editor = StompTestClient.connect(SeparateNode.port(node), "editor", "editor");
             StompTestClient client = StompTestClient.connect(SeparateNode.port(node), "viewer", "viewer")) {
            CommandReply last = editor.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(),
                    staffId, null, null, registration(staffId), null));
            for (int i = 1; i <= 12; i++) {
                last = editor.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId,
                        (long) i - 1, Map.of("weeklyHours", i), null, null));
                assertThat(last.status()).isEqualTo(CommandStatus.ACCEPTED);
            }
            ChangeFeed feed = node.getBean(ChangeFeed.class);
            long lastPosition = last.position();
            await().atMost(Duration.ofSeconds(20)).until(() -> feed.deliveredPosition() >= lastPosition);
            // positions only grow: should another change land meanwhile, the first is still within 10 and the
            // second further behind than 11
            long head = feed.deliveredPosition();
            BlockingQueue<StaffChangeMessage> within = client.subscribeResuming(topic, head - 8,
                    StaffChangeMessage.class);
            BlockingQueue<StaffChangeMessage> behind = client.subscribeResuming(topic, head - 11,
                    StaffChangeMessage.class);

            List<Long> missed = EventLog.of(jdbc, staffId).stream().map(StoredEvent::position)
                    .filter(position -> position > head - 8 && position <= head).toList();
            assertThat(missed).as("changes of this staff member in the last 8 positions").isNotEmpty();
            List<StaffChangeMessage> caughtUp = take(within, missed.size());
            assertThat(caughtUp).extracting(StaffChangeMessage::type).doesNotContain(ChangeType.RESYNC_REQUIRED);
            assertThat(caughtUp).extracting(StaffChangeMessage::position).containsExactlyElementsOf(missed);

            StaffChangeMessage resync = take(behind, 1).get(0);
            assertThat(resync.type()).isEqualTo(ChangeType.RESYNC_REQUIRED);
            assertThat(resync.position()).isGreaterThanOrEqualTo(head);

            CommandReply live = editor.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(),
                    staffId, 12L, Map.of("role", "Lead"), null, null));
            assertThat(take(within, 1).get(0).position()).isEqualTo(live.position());
            assertThat(take(behind, 1).get(0).position()).as("live changes follow the RESYNC_REQUIRED")
                    .isEqualTo(live.position());
        }
    }

    /** The next {@code count} messages, failing if they do not all arrive in time. */
    static List<StaffChangeMessage> take(BlockingQueue<StaffChangeMessage> queue, int count)
            throws InterruptedException {
        List<StaffChangeMessage> messages = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (messages.size() < count && System.nanoTime() < deadline) {
            StaffChangeMessage message = queue.poll(100, TimeUnit.MILLISECONDS);
            if (message != null) {
                messages.add(message);
            }
        }
        assertThat(messages).as("messages received").hasSize(count);
        return messages;
    }
}
