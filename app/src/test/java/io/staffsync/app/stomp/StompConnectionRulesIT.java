package io.staffsync.app.stomp;

import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.SeparateNode;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.simp.stomp.StompHeaders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a connection may not do, and that the refusal reaches the client. */
@StaffSyncIntegrationTest
class StompConnectionRulesIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void subscribing_to_an_unknown_destination_gets_an_error_frame() throws Exception {
        try (StompTestClient client = StompTestClient.connect(port, "viewer", "viewer")) {
            client.subscribe("/topic/payroll", StaffChangeMessage.class);

            StompHeaders error = client.awaitErrorFrame(10_000);
            assertThat(error).as("an ERROR frame").isNotNull();
            assertThat(error.getFirst("message")).contains("no such destination: /topic/payroll");
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
        }
    }

    @Test
    void the_known_destinations_are_subscribable() throws Exception {
        try (StompTestClient client = StompTestClient.connect(port, "viewer", "viewer")) {
            client.subscribe("/topic/staff", StaffChangeMessage.class);
            client.subscribe("/topic/staff." + UUID.randomUUID(), StaffChangeMessage.class);
            client.subscribe("/topic/staff.department.R&D", StaffChangeMessage.class);
            assertThat(client.awaitErrorFrame(1_000)).isNull();
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void a_flooding_connection_is_cut_off_alone() throws Exception {
        String prefix = "flood-" + UUID.randomUUID() + "-";
        // the test profile lifts the per-connection budget for every other test's writers; this node has the
        // production defaults (50 frames per second, bursts of 100)
        try (ConfigurableApplicationContext node = node("--staffsync.websocket.commands-per-second=50",
                "--staffsync.websocket.command-burst=100");
             StompTestClient flooder = StompTestClient.connect(port(node), "alice", "alice");
             StompTestClient bystander = StompTestClient.connect(port(node), "bob", "bob")) {
            for (int i = 0; i < 400 && flooder.isConnected(); i++) {
                try {
                    flooder.send("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), prefix + i, null, null,
                            registration(prefix + i), null));
                } catch (RuntimeException closedWhileSending) {
                    break;
                }
            }
            StompHeaders error = flooder.awaitErrorFrame(10_000);
            assertThat(error).as("an ERROR frame").isNotNull();
            assertThat(error.getFirst("message")).contains("too many frames");
            await().atMost(Duration.ofSeconds(10)).until(() -> !flooder.isConnected());

            String staffId = UUID.randomUUID().toString();
            assertThat(bystander.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null,
                    null, registration(staffId), null)).status())
                    .isEqualTo(io.staffsync.api.staff.wire.CommandStatus.ACCEPTED);
        }
        Long stored = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ?",
                Long.class, prefix + "%");
        assertThat(stored).as("commands taken from the flooder").isGreaterThan(0).isLessThan(400);
    }

    @Test
    void a_silent_connection_is_dropped_after_two_missed_heartbeats_while_one_that_beats_gets_the_servers_beats()
            throws Exception {
        // a node of its own with 4 s heartbeats: with the test profile's 1 s, scheduling jitter on a loaded machine
        // is as long as the difference between our two missed intervals and Spring's own three
        Duration interval = Duration.ofSeconds(4);
        ScheduledExecutorService beating = Executors.newSingleThreadScheduledExecutor();
        try (ConfigurableApplicationContext node = node("--staffsync.websocket.heartbeat=4s")) {
            RawStomp silent = new RawStomp(port(node));
            RawStomp alive = new RawStomp(port(node));
            String askForBeats = "heart-beat:4000,4000";
            long sent = System.nanoTime();
            silent.connect(askForBeats);
            alive.connect(askForBeats);
            assertThat(silent.connected.get(10, TimeUnit.SECONDS)).contains(askForBeats);
            assertThat(alive.connected.get(10, TimeUnit.SECONDS)).contains(askForBeats);
            beating.scheduleAtFixedRate(alive::beat, 1, 1, TimeUnit.SECONDS);

            Closed closed = silent.closed.get(20, TimeUnit.SECONDS);
            Duration silence = Duration.ofNanos(closed.atNanos - sent);
            // the server heard the CONNECT after it was sent, so its count of silence started later than ours: never
            // dropped before two intervals; Spring's broker alone would wait three
            assertThat(silence).isGreaterThan(interval.multipliedBy(2).minusMillis(50))
                    .isLessThan(interval.multipliedBy(3));
            assertThat(closed.status).isEqualTo(4500);
            assertThat(closed.reason).isEqualTo("missed heartbeats");

            assertThat(alive.closed).as("the connection that beats is kept").isNotDone();
            await("a heartbeat from the server").atMost(interval.multipliedBy(3))
                    .until(() -> alive.heartbeats.get() > 0);
            assertThat(alive.closed).isNotDone();
        } finally {
            beating.shutdownNow();
        }
    }

    /** A STOMP connection written by hand, to control exactly what the client sends and when. */
    private static final class RawStomp {

        final CompletableFuture<String> connected = new CompletableFuture<>();
        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        final AtomicInteger heartbeats = new AtomicInteger();
        private final WebSocket socket;

        RawStomp(int port) throws Exception {
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://localhost:" + port + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            String frame = data.toString();
                            if (frame.startsWith("CONNECTED")) {
                                connected.complete(frame);
                            } else if (frame.isBlank()) {
                                heartbeats.incrementAndGet();
                            }
                            ws.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                            closed.complete(new Closed(System.nanoTime(), status, reason));
                            return null;
                        }

                        @Override
                        public void onError(WebSocket ws, Throwable error) {
                            closed.complete(new Closed(System.nanoTime(), -1, String.valueOf(error)));
                        }
                    }).get(10, TimeUnit.SECONDS);
        }

        void connect(String heartBeatHeader) {
            socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\n" + heartBeatHeader
                    + "\nlogin:viewer\npasscode:viewer\n\n\u0000", true).join();
        }

        /** A client heartbeat: an end of line between frames. */
        synchronized void beat() {
            socket.sendText("\n", true).join();
        }
    }

    private record Closed(long atNanos, int status, String reason) {
    }

    @Test
    void a_handshake_from_an_origin_that_is_not_allowed_gets_403() throws Exception {
        assertThat(handshakeStatus("http://evil.example")).isEqualTo(403);
        assertThat(handshakeStatus("http://localhost:3000")).isEqualTo(101);
    }

    /** The status line of a raw WebSocket upgrade request sent with this Origin. */
    private int handshakeStatus(String origin) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            String request = "GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    @Test
    void an_oversized_frame_closes_the_connection_and_stores_nothing() throws Exception {
        String staffId = UUID.randomUUID().toString();
        try (StompTestClient client = StompTestClient.connect(port, "editor", "editor")) {
            Map<String, Object> fields = new HashMap<>(registration(staffId));
            fields.put("notes", "x".repeat(70 * 1024));
            try {
                client.sendRaw("/app/staff.create", StompTestClient.JSON.writeValueAsString(
                        new StaffCommandRequest(UUID.randomUUID(), staffId, null, null, fields, null)));
            } catch (IllegalStateException | org.springframework.messaging.MessageDeliveryException closedWhileSending) {
                // the server may close the socket before the client has finished writing the frame
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
        }
        assertThat(EventLog.of(jdbc, staffId)).isEmpty();
    }

    private ConfigurableApplicationContext node(String... settings) {
        return SeparateNode.start(postgres, settings);
    }

    private static int port(ConfigurableApplicationContext node) {
        return SeparateNode.port(node);
    }
}
