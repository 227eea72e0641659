package io.staffsync.app.staff;

import io.staffsync.StaffSyncApplication;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/** A retried command (same commandId) is stored once and answered with its original outcome. */
@StaffSyncIntegrationTest
class IdempotencyIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void a_retried_command_is_answered_duplicate_with_the_original_outcome_and_stored_once() throws Exception {
        String staffId = UUID.randomUUID().toString();
        UUID commandId = UUID.randomUUID();
        try (StompTestClient client = StompTestClient.connect(port, "editor", "editor")) {
            StaffCommandRequest create = new StaffCommandRequest(commandId, staffId, null, null,
                    registration(staffId), null);
            CommandReply first = client.command("/app/staff.create", create);
            CommandReply retry = client.command("/app/staff.create", create);

            assertThat(first.status()).isEqualTo(CommandStatus.ACCEPTED);
            assertThat(retry.status()).isEqualTo(CommandStatus.DUPLICATE);
            assertThat(retry.staffId()).isEqualTo(first.staffId());
            assertThat(retry.version()).isEqualTo(first.version());
            assertThat(retry.position()).isEqualTo(first.position()).isNotNull();

            UUID updateId = UUID.randomUUID();
            StaffCommandRequest update = new StaffCommandRequest(updateId, staffId, 0L, Map.of("role", "Lead"),
                    null, null);
            CommandReply updated = client.command("/app/staff.update", update);
            // the retry arrives after someone else moved the staff member on: still the original outcome
            client.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId, 1L,
                    Map.of("role", "Manager"), null, null));
            CommandReply retriedUpdate = client.command("/app/staff.update", update);
            assertThat(retriedUpdate.status()).isEqualTo(CommandStatus.DUPLICATE);
            assertThat(retriedUpdate.version()).isEqualTo(updated.version()).isEqualTo(1L);
            assertThat(retriedUpdate.position()).isEqualTo(updated.position());
        }
        assertThat(EventLog.of(jdbc, staffId)).hasSize(3);
        assertThat(commandIdsStored(staffId)).doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void concurrent_deliveries_of_one_command_produce_exactly_one_event() throws Exception {
        String staffId = UUID.randomUUID().toString();
        HttpTestClient http = new HttpTestClient(port, "editor", "editor");
        assertThat(http.post("/api/staff", Map.of("staffId", staffId, "fields", registration(staffId))).status())
                .isEqualTo(201);
        String key = UUID.randomUUID().toString();
        int deliveries = 12;
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpTestClient.Response>> responses = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                responses.add(pool.submit(() -> {
                    start.await();
                    return http.patch("/api/staff/" + staffId, Map.of("changes", Map.of("phone", "+1 555 0100")),
                            "If-Match", "\"0\"", "Idempotency-Key", key);
                }));
            }
            start.countDown();
            List<String> statuses = new ArrayList<>();
            for (Future<HttpTestClient.Response> response : responses) {
                HttpTestClient.Response r = response.get();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body().path("version").asLong()).isEqualTo(1L);
                statuses.add(r.body().path("status").asText());
            }
            assertThat(statuses).containsOnlyOnce("ACCEPTED");
            assertThat(statuses).filteredOn("DUPLICATE"::equals).hasSize(deliveries - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(EventLog.of(jdbc, staffId)).hasSize(2);
    }

    @Test
    void a_retry_after_a_restart_is_still_recognised() {
        String staffId = UUID.randomUUID().toString();
        UUID commandId = UUID.randomUUID();
        Map<String, Object> body = Map.of("commandId", commandId, "staffId", staffId, "fields", registration(staffId));
        HttpTestClient.Response original = new HttpTestClient(port, "editor", "editor").post("/api/staff", body);
        assertThat(original.status()).isEqualTo(201);

        // a fresh server process state (new context, new caches) on the same database
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(StaffSyncApplication.class)
                .profiles("test")
                .run("--server.port=0",
                        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres")) {
            int restartedPort = ((WebServerApplicationContext) restarted).getWebServer().getPort();
            HttpTestClient.Response retry = new HttpTestClient(restartedPort, "editor", "editor")
                    .post("/api/staff", body);
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.body().path("status").asText()).isEqualTo("DUPLICATE");
            assertThat(retry.body().path("staffId").asText()).isEqualTo(staffId);
            assertThat(retry.body().path("position").asLong())
                    .isEqualTo(original.body().path("position").asLong());
        }
        assertThat(EventLog.of(jdbc, staffId)).hasSize(1);
    }

    private List<String> commandIdsStored(String staffId) {
        return EventLog.of(jdbc, staffId).stream().map(e -> e.metaData().path("commandId").asText()).toList();
    }
}
