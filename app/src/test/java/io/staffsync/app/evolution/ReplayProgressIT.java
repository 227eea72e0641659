package io.staffsync.app.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.StaffSyncApplication;
import io.staffsync.app.support.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replay's progress while it runs, not only once it is over: {@link ReplayGate} holds the rebuild of the staff
 * directory at one staff member in the middle of the history, and the admin status must then say it is replaying,
 * not caught up, how far it got of how much, at what rate, and how long the rest should take. Its own context and
 * database, with one event per transaction, so the token moves past every event handled.
 */
class ReplayProgressIT {

    private static final int BEFORE_GATE = 12;
    private static final int AFTER_GATE = 8;

    @TempDir
    Path data;

    @Test
    void a_replay_under_way_reports_done_total_rate_and_eta_and_then_that_it_caught_up() {
        String gatedStaffId = "gated-" + UUID.randomUUID();
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(StaffSyncApplication.class,
                ReplayGate.class).profiles("test").run("--server.port=0",
                "--staffsync.embedded-postgres.data-directory=" + data,
                "--axon.eventhandling.processors.staff-directory.batch-size=1")) {
            int port = ((WebServerApplicationContext) server).getWebServer().getPort();
            HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
            HttpTestClient admin = new HttpTestClient(port, "admin", "admin");
            JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);
            for (int i = 0; i < BEFORE_GATE + 1 + AFTER_GATE; i++) {
                String staffId = i == BEFORE_GATE ? gatedStaffId : "replayed-" + UUID.randomUUID();
                assertThat(editor.post("/api/staff", Map.of("staffId", staffId, "fields", registration(staffId)))
                        .status()).isEqualTo(201);
            }
            Projections.awaitCaughtUp(admin, jdbc, Projections.DIRECTORY);
            long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
            long gatePosition = jdbc.queryForObject("SELECT global_index FROM domain_event_entry "
                    + "WHERE aggregate_identifier = ?", Long.class, gatedStaffId);

            ReplayGate.closeAt(gatedStaffId);
            try {
                HttpTestClient.Response started = admin.post("/api/admin/projections/" + Projections.DIRECTORY
                        + "/replay", "");
                assertThat(started.status()).as("%s", started.body()).isEqualTo(202);

                JsonNode underWay = await("the replay held at the gate").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> Projections.status(admin, Projections.DIRECTORY),
                                status -> status.path("replay").path("eventsDone").asLong() >= gatePosition - 1);
                JsonNode progress = underWay.path("replay");
                assertThat(underWay.path("state").asText()).as("%s", underWay).isEqualTo("REPLAYING");
                assertThat(underWay.path("replaying").asBoolean()).isTrue();
                assertThat(underWay.path("caughtUp").asBoolean()).isFalse();
                assertThat(progress.path("eventsTotal").asLong()).isEqualTo(head);
                assertThat(progress.path("eventsDone").asLong()).as("%s", progress)
                        .isEqualTo(gatePosition - 1).isLessThan(head);
                assertThat(progress.path("eventsPerSecond").asDouble()).isPositive();
                assertThat(progress.path("etaSeconds").isNumber()).as("%s", progress).isTrue();
                assertThat(progress.path("etaSeconds").asDouble()).isPositive();
                assertThat(progress.path("finishedAt").isNull()).isTrue();
            } finally {
                ReplayGate.open();
            }

            JsonNode done = await("caught up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Projections.status(admin, Projections.DIRECTORY),
                            status -> status.path("caughtUp").asBoolean());
            assertThat(done.path("replay").path("eventsDone").asLong()).isEqualTo(head);
            assertThat(done.path("replay").path("etaSeconds").asDouble()).isZero();
            assertThat(done.path("replay").path("finishedAt").isNull()).isFalse();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM staff_directory", Long.class))
                    .isEqualTo(BEFORE_GATE + 1 + AFTER_GATE);
        }
    }
}
