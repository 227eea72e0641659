package io.staffsync.app.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.StaffSyncApplication;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health that reflects each event processor, and the meters operators scrape, on the real server. */
@StaffSyncIntegrationTest
class OperationsIT {

    @LocalServerPort
    int port;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void health_shows_each_processor_and_a_stopped_one_degrades_the_node_without_taking_it_out() throws Exception {
        HttpTestClient admin = new HttpTestClient(port, "admin", "admin");
        // UP once the processors have caught up: right after a start, or other tests' writes, they may lag
        HttpTestClient.Response healthy = await("health UP").atMost(Duration.ofSeconds(30)).until(
                () -> admin.get("/actuator/health"),
                response -> response.status() == 200 && response.body().path("status").asText().equals("UP"));
        JsonNode processors = healthy.body().path("components").path("eventProcessors").path("details");
        assertThat(processors.path("staff-directory").path("running").asBoolean()).isTrue();
        assertThat(processors.path("staff-directory").has("lag")).isTrue();
        assertThat(processors.path("live-feed").has("position")).isTrue();

        // anonymous callers (load balancers) get the status only
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).contains("\"status\":\"UP\"").doesNotContain("staff-directory");

        StreamingEventProcessor directory = processing.eventProcessor("staff-directory", StreamingEventProcessor.class)
                .orElseThrow();
        directory.shutDown();
        try {
            HttpTestClient.Response degraded = admin.get("/actuator/health");
            assertThat(degraded.status()).isEqualTo(200);
            assertThat(degraded.body().path("status").asText()).isEqualTo("DEGRADED");
            assertThat(degraded.body().path("components").path("eventProcessors").path("details")
                    .path("staff-directory").path("running").asBoolean()).isFalse();
        } finally {
            directory.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                admin.get("/actuator/health").body().path("status").asText().equals("UP"));
    }

    @Test
    void a_running_processor_that_falls_behind_degrades_the_node_until_it_catches_up() throws Exception {
        // a node that tolerates a lag of 3 events, on the same database as the shared context
        try (ConfigurableApplicationContext node = new SpringApplicationBuilder(StaffSyncApplication.class)
                .profiles("test").run("--server.port=0",
                        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres", "--staffsync.operations.max-processor-lag=3")) {
            int nodePort = ((WebServerApplicationContext) node).getWebServer().getPort();
            HttpTestClient admin = new HttpTestClient(nodePort, "admin", "admin");
            HttpTestClient editor = new HttpTestClient(nodePort, "editor", "editor");
            await("health UP").atMost(Duration.ofSeconds(60)).until(() -> status(admin).equals("UP"));

            // whichever node holds the directory's segment keeps running, but cannot write the read model
            try (Connection blocker = postgres.getPostgresDatabase().getConnection()) {
                blocker.setAutoCommit(false);
                try (Statement lock = blocker.createStatement()) {
                    lock.execute("LOCK TABLE staff_directory IN ACCESS EXCLUSIVE MODE");
                }
                for (int i = 0; i < 5; i++) {
                    String staffId = UUID.randomUUID().toString();
                    assertThat(editor.post("/api/staff", Map.of("staffId", staffId, "fields",
                            registration(staffId))).status()).isEqualTo(201);
                }
                HttpTestClient.Response lagging = admin.get("/actuator/health");
                JsonNode directory = lagging.body().path("components").path("eventProcessors").path("details")
                        .path("staff-directory");
                assertThat(lagging.status()).as("degraded still serves").isEqualTo(200);
                assertThat(lagging.body().path("status").asText()).as(lagging.body().toString()).isEqualTo("DEGRADED");
                assertThat(directory.path("running").asBoolean()).isTrue();
                assertThat(directory.path("lag").asLong()).isGreaterThan(3);
                blocker.rollback();
            }
            await("health UP again").atMost(Duration.ofSeconds(60)).until(() -> status(admin).equals("UP"));
        }
    }

    private static String status(HttpTestClient admin) {
        return admin.get("/actuator/health").body().path("status").asText();
    }

    @Test
    void prometheus_exposes_command_conflict_connection_catch_up_and_processor_meters() throws Exception {
        String staffId = UUID.randomUUID().toString();
        try (StompTestClient alice = StompTestClient.connect(port, "alice", "alice");
             StompTestClient bob = StompTestClient.connect(port, "bob", "bob");
             StompTestClient viewer = StompTestClient.connect(port, "viewer", "viewer")) {
            long created = alice.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null,
                    null, registration(staffId), null)).position();
            alice.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId, 0L,
                    Map.of("notes", "alice"), null, null));
            assertThat(bob.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId, 0L,
                    Map.of("notes", "bob"), null, null, ConflictStrategy.LAST_WRITER_WINS)).status())
                    .isEqualTo(CommandStatus.ACCEPTED);
            BlockingQueue<StaffChangeMessage> resumed = viewer.subscribeResuming("/topic/staff." + staffId,
                    created - 1, StaffChangeMessage.class);
            assertThat(resumed.poll(20, TimeUnit.SECONDS)).isNotNull();

            String metrics = scrape();
            assertThat(metrics)
                    .containsPattern("staffsync_commands_seconds_count\\{[^}]*kind=\"UPDATE\"[^}]*status=\"ACCEPTED\"[^}]*} [1-9]")
                    // bob's stale note lost nothing: his value won the contested field
                    .containsPattern("staffsync_conflicts_total\\{[^}]*outcome=\"MINE\"[^}]*strategy=\"LAST_WRITER_WINS\"[^}]*} [1-9]")
                    .containsPattern("staffsync_catchups_seconds_count\\{[^}]*outcome=\"caught-up\"[^}]*} [1-9]")
                    .containsPattern("staffsync_stomp_subscriptions [1-9]")
                    .containsPattern("staffsync_live_position [1-9]")
                    .containsPattern("staffsync_websocket_outbound_queued_bytes [0-9]")
                    .containsPattern("staffsync_websocket_outbound_peak_bytes [1-9]")
                    .contains("staffsync_websocket_closed_total{reason=\"slow-consumer\"}");
            assertThat(meter(metrics, "staffsync_websocket_connections")).as("open connections, these three included")
                    .isGreaterThanOrEqualTo(3);
            // axon-micrometer: the tracking processors' own meters, tagged by processor
            assertThat(metrics).containsPattern("eventProcessor_\\w+\\{[^}]*processorName=\"staff-directory\"");
            // and the command bus's, tagged by command
            assertThat(metrics).containsPattern("commandBus_\\w+\\{[^}]*payloadType=\"UpdateStaffMemberCommand\"");
        }
    }

    /** The value of an untagged meter in a Prometheus scrape. */
    private static double meter(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length()).trim().split("\\s+")[0]))
                .orElseThrow(() -> new AssertionError("no " + name + " in the scrape"));
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
