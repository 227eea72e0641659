package io.staffsync.app.live;

import io.staffsync.api.staff.wire.PresenceMessage;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import io.staffsync.app.websocket.OutboundLanes;
import io.staffsync.query.live.ResumeRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.SimpSession;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Thousands of clients connect, subscribe (live, resuming, presence) and leave, half of them by dropping the
 * socket without a DISCONNECT. Afterwards every piece of per-connection state is back to where it was.
 * {@code -Dstaffsync.churn.cycles=N} (default 3,000: 30 to 50 s of churn here) sets how many connections come and go.
 */
@StaffSyncIntegrationTest
class ConnectionChurnIT {

    private static final int CYCLES = Integer.getInteger("staffsync.churn.cycles", 3_000);

    @LocalServerPort
    int port;
    @Autowired
    SimpleBrokerMessageHandler broker;
    @Autowired
    SimpUserRegistry users;
    @Autowired
    ResumeRegistry resumes;
    @Autowired
    OutboundLanes lanes;

    @Test
    void connection_state_returns_to_baseline_after_clients_leave_gracefully_or_not() throws Exception {
        String staffId = UUID.randomUUID().toString();
        String staffTopic = "/topic/staff." + staffId;
        int baseUsers = users.getUserCount();
        int baseAll = BrokerSubscriptions.subscribers(broker, "/topic/staff");
        int baseResumes = resumes.trackedSubscriptions();
        int baseLanes = lanes.lanes();
        HttpClient http = HttpClient.newHttpClient();

        long started = System.nanoTime();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            if (cycle % 2 == 0) {
                try (StompTestClient client = StompTestClient.connect(port, "viewer", "viewer")) {
                    client.subscribe(staffTopic, StaffChangeMessage.class);
                    client.subscribeResuming("/topic/staff", 0, StaffChangeMessage.class);
                }
            } else {
                dropWithoutDisconnect(http, staffTopic);
            }
        }
        System.out.printf("ConnectionChurnIT: %d connections (half dropped without DISCONNECT) in %d ms%n", CYCLES,
                Duration.ofNanos(System.nanoTime() - started).toMillis());

        // at most the baseline, not exactly it: earlier tests' sessions may still have been closing when it was taken
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(users.getUserCount()).as("connected users").isLessThanOrEqualTo(baseUsers);
            assertThat(BrokerSubscriptions.subscribers(broker, staffTopic)).as("staff subscriptions").isZero();
            assertThat(BrokerSubscriptions.subscribers(broker, "/topic/staff"))
                    .as("all-staff subscriptions %s (connected sessions %s)",
                            BrokerSubscriptions.bySession(broker, "/topic/staff"), connectedSessions())
                    .isLessThanOrEqualTo(baseAll);
            assertThat(resumes.trackedSubscriptions()).as("resume state").isLessThanOrEqualTo(baseResumes);
            assertThat(lanes.lanes()).as("outbound buffers").isLessThanOrEqualTo(baseLanes);
        });
        try (StompTestClient watcher = StompTestClient.connect(port, "viewer", "viewer")) {
            BlockingQueue<PresenceMessage> presence = watcher.subscribe(staffTopic + ".presence", PresenceMessage.class);
            PresenceMessage now = presence.poll(20, TimeUnit.SECONDS);
            assertThat(now).isNotNull();
            assertThat(now.viewers()).as("nobody is left viewing").isEmpty();
        }
    }

    /** The ids of the sessions the server counts as connected, by user. */
    private Map<String, List<String>> connectedSessions() {
        return users.getUsers().stream().collect(Collectors.toMap(SimpUser::getName,
                user -> user.getSessions().stream().map(SimpSession::getId).sorted().toList(), (a, b) -> a,
                TreeMap::new));
    }

    /** A raw WebSocket that connects, subscribes, and then aborts the TCP connection (no DISCONNECT, no close). */
    private void dropWithoutDisconnect(HttpClient http, String staffTopic) throws Exception {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + port + "/ws"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        if (data.toString().startsWith("CONNECTED")) {
                            connected.complete(null);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nlogin:viewer\npasscode:viewer\n\n\u0000", true)
                .get(10, TimeUnit.SECONDS);
        connected.get(10, TimeUnit.SECONDS);
        socket.sendText("SUBSCRIBE\nid:a\ndestination:" + staffTopic + "\n\n\u0000", true).get(10, TimeUnit.SECONDS);
        socket.sendText("SUBSCRIBE\nid:b\ndestination:/topic/staff\nresume-from:0\n\n\u0000", true)
                .get(10, TimeUnit.SECONDS);
        socket.abort();
    }
}
