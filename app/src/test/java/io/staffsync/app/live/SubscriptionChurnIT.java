package io.staffsync.app.live;

import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that subscribe and unsubscribe as fast as they can send frames, as a UI flicking between views does,
 * end up with exactly the subscriptions they last asked for: one per id in the broker, each change delivered
 * once per subscription.
 */
@StaffSyncIntegrationTest
class SubscriptionChurnIT {

    private static final int CLIENTS = 3;
    private static final int ROUNDS = 150;

    @LocalServerPort
    int port;
    @Autowired
    SimpleBrokerMessageHandler broker;

    @Test
    void rapid_subscribe_and_unsubscribe_leaves_one_subscription_per_id_and_delivers_each_change_once()
            throws Exception {
        String staffId = UUID.randomUUID().toString();
        String department = "churn-" + UUID.randomUUID();
        String staffTopic = "/topic/staff." + staffId;
        String departmentTopic = "/topic/staff.department." + department;
        List<String> destinations = List.of(staffTopic, "/topic/staff", departmentTopic);
        Map<String, Object> fields = new HashMap<>(registration(staffId));
        fields.put("department", department);

        List<StompTestClient> clients = new ArrayList<>();
        try (StompTestClient editor = StompTestClient.connect(port, "editor", "editor")) {
            CommandReply created = editor.command("/app/staff.create",
                    new StaffCommandRequest(UUID.randomUUID(), staffId, null, null, fields, null));
            assertThat(created.status()).isEqualTo(CommandStatus.ACCEPTED);

            List<Active> active = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                StompTestClient client = StompTestClient.connect(port, "viewer", "viewer");
                clients.add(client);
                active.addAll(churn(client, "churn-" + UUID.randomUUID() + "-", destinations, created.position()));
            }

            // every subscription id of this test (current or retired) that the broker holds, per destination: the
            // current ones, each once, and nothing else
            for (String destination : destinations) {
                List<String> expected = active.stream().filter(a -> a.destination().equals(destination))
                        .map(Active::id).toList();
                await("subscriptions to " + destination).atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(ourIds(destination)).containsExactlyInAnyOrderElementsOf(expected));
            }

            CommandReply first = editor.command("/app/staff.update",
                    new StaffCommandRequest(UUID.randomUUID(), staffId, 0L, Map.of("weeklyHours", 30), null, null));
            CommandReply second = editor.command("/app/staff.update",
                    new StaffCommandRequest(UUID.randomUUID(), staffId, 1L, Map.of("weeklyHours", 31), null, null));
            assertThat(List.of(first.status(), second.status())).containsOnly(CommandStatus.ACCEPTED);

            // a connection's messages leave in publication order, so a duplicate of the first change would have
            // arrived before the second one did
            for (Active subscription : active) {
                assertThat(untilPosition(subscription.received(), staffId, second.position()))
                        .as("positions on %s (id %s)", subscription.destination(), subscription.id())
                        .containsExactly(first.position(), second.position());
            }
        } finally {
            clients.forEach(StompTestClient::close);
        }
    }

    /**
     * Rounds of subscribe/unsubscribe on one connection, without waiting for the server: one id reused again and
     * again (alternating plain and resuming subscriptions, and destinations), fresh ids dropped at once, and
     * subscriptions to the same destination held twice. Returns the subscriptions left active.
     */
    private List<Active> churn(StompTestClient client, String idPrefix, List<String> destinations, long resumeFrom) {
        String reused = idPrefix + "reused";
        String staffTopic = destinations.get(0);
        BlockingQueue<StaffChangeMessage> current = null;
        for (int round = 0; round < ROUNDS; round++) {
            String destination = destinations.get(round % destinations.size());
            if (current != null) {
                client.unsubscribe(current);
            }
            current = round % 2 == 0
                    ? client.subscribe(destination, reused, StaffChangeMessage.class)
                    : client.subscribeWithHeader(destination, reused, "resume-from", String.valueOf(resumeFrom),
                            StaffChangeMessage.class);
            client.unsubscribe(client.subscribe(destination, idPrefix + "dropped-" + round,
                    StaffChangeMessage.class));
        }
        client.unsubscribe(current);
        List<Active> active = new ArrayList<>();
        active.add(new Active(staffTopic, reused, client.subscribeWithHeader(staffTopic, reused, "resume-from",
                String.valueOf(resumeFrom), StaffChangeMessage.class)));
        for (String destination : destinations) {
            for (int twice = 0; twice < 2; twice++) {
                String id = idPrefix + "kept-" + destinations.indexOf(destination) + "-" + twice;
                active.add(new Active(destination, id, client.subscribe(destination, id, StaffChangeMessage.class)));
            }
        }
        return active;
    }

    /** The subscription ids of this test class that the broker holds for {@code destination}, as many times as held. */
    private List<String> ourIds(String destination) {
        return BrokerSubscriptions.bySession(broker, destination).values().stream().flatMap(List::stream)
                .filter(id -> id.startsWith("churn-")).toList();
    }

    /** The positions of {@code staffId}'s changes received, up to and including {@code last}. */
    private static List<Long> untilPosition(BlockingQueue<StaffChangeMessage> queue, String staffId, long last)
            throws InterruptedException {
        List<Long> positions = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!positions.contains(last) && System.nanoTime() < deadline) {
            StaffChangeMessage message = queue.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && staffId.equals(message.staffId())) {
                positions.add(message.position());
            }
        }
        return positions;
    }

    private record Active(String destination, String id, BlockingQueue<StaffChangeMessage> received) {
    }
}
