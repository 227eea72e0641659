package io.staffsync.app.stomp;

import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import io.staffsync.StaffSyncApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.simp.stomp.StompHeaders;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

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
        try (ConfigurableApplicationContext node = new SpringApplicationBuilder(StaffSyncApplication.class)
                .profiles("test").run("--server.port=0",
                        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres",
                        "--staffsync.websocket.commands-per-second=50", "--staffsync.websocket.command-burst=100");
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
    void a_connection_that_stops_sending_heartbeats_is_dropped_within_two_intervals() throws Exception {
        // the test profile's server heartbeat is 1 s; this client promises one every 1 s and then goes silent
        java.util.concurrent.CompletableFuture<Long> closedAt = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Long> connectedAt = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create("ws://localhost:" + port + "/ws"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data,
                                                                         boolean last) {
                        if (data.toString().startsWith("CONNECTED")) {
                            connectedAt.complete(System.nanoTime());
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int status,
                                                                          String reason) {
                        closedAt.complete(System.nanoTime());
                        return null;
                    }
                }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        // the silence starts when CONNECT leaves: not dropped before one interval after that, and dropped within
        // two intervals after CONNECTED arrived (the server had the CONNECT by then), plus slack for the broker's
        // heartbeat task on a loaded machine: generous, but still far below "never dropped"
        long sent = System.nanoTime();
        socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:1000,0\nlogin:viewer\npasscode:viewer"
                + "\n\n\u0000", true);
        long connected = connectedAt.get(10, java.util.concurrent.TimeUnit.SECONDS);
        long closed = closedAt.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(java.time.Duration.ofNanos(closed - sent)).isGreaterThan(Duration.ofMillis(900));
        assertThat(java.time.Duration.ofNanos(closed - connected)).isLessThan(Duration.ofSeconds(6));
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

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
