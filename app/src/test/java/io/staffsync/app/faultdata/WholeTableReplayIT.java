package io.staffsync.app.faultdata;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.StaffSyncApplication;
import io.staffsync.app.support.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rebuilding both projections from the whole event store, through the admin endpoint an operator uses, gives back
 * both tables row for row and column for column: from the very first event of the store on, across a position that
 * was rolled back, and including an event that committed after a later one. Every row's {@code last_position} is
 * the position of its staff member's last event, live and after the replay. Its own server on its own fresh database: the whole table is this test's, and
 * position 1 is its first registration (in the shared test database, which class writes first depends on the order
 * the classes run in).
 */
class WholeTableReplayIT {

    private static final String DIRECTORY = "staff-directory";
    private static final String CONFLICTS = "staff-conflicts";

    @Test
    void replaying_both_projections_from_the_first_event_of_the_store_rebuilds_both_tables_exactly() throws Exception {
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(StaffSyncApplication.class)
                .profiles("test").run("--server.port=0")) {
            int port = ((WebServerApplicationContext) server).getWebServer().getPort();
            JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);
            HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
            HttpTestClient admin = new HttpTestClient(port, "admin", "admin");
            assertThat(Gaps.head(jdbc)).as("a fresh event store").isZero();

            String first = "first-" + UUID.randomUUID();
            assertThat(Clients.register(editor, first)).as("position of the first event of the store").isEqualTo(1);
            editHistory(editor, first);
            for (int i = 0; i < 3; i++) {
                String staffId = "replay-" + i + "-" + UUID.randomUUID();
                Clients.register(editor, staffId);
                editHistory(editor, staffId);
            }
            DataSource dataSource = server.getBean(DataSource.class);
            rolledBackAppend(dataSource);
            String late = lateCommit(editor, jdbc, dataSource);
            String contested = "contested-" + UUID.randomUUID();
            Clients.register(editor, contested);
            UUID settled = raiseConflict(editor, contested, 0, "Architect");
            HttpTestClient.Response resolved = editor.post("/api/staff/" + contested + "/conflicts/" + settled
                    + "/resolve", Map.of("choices", Map.of("role", Map.of("choice", "MINE"))), "If-Match", "\"2\"");
            assertThat(resolved.status()).as("resolve: %s", resolved.body()).isEqualTo(200);
            UUID pending = raiseConflict(editor, contested, resolved.body().path("version").asLong(), "Principal");
            assertThat(pending).isNotEqualTo(settled);

            awaitCaughtUp(admin, jdbc, DIRECTORY);
            awaitCaughtUp(admin, jdbc, CONFLICTS);
            List<String> directory = directoryRows(jdbc);
            List<String> conflicts = conflictRows(jdbc);
            assertThat(directory).hasSize(7).anyMatch(row -> row.contains(first)).anyMatch(row -> row.contains(late));
            assertThat(conflicts).hasSize(2);
            assertThat(misplacedPositions(jdbc)).as("rows whose last_position is not their last event's").isEmpty();

            replay(admin, DIRECTORY);
            assertThat(directoryRows(jdbc)).as("the directory after a replay").isEqualTo(directory);
            replay(admin, CONFLICTS);
            assertThat(conflictRows(jdbc)).as("the conflicts after a replay").isEqualTo(conflicts);
            assertThat(misplacedPositions(jdbc)).as("rows whose last_position is not their last event's").isEmpty();

            HttpTestClient.Response parked = admin.get("/api/admin/dead-letters");
            assertThat(parked.status()).isEqualTo(200);
            assertThat(parked.body()).as("dead letters").isEmpty();
        }
    }

    /** Two updates, a deactivation and a reactivation: versions 1 to 4. */
    private static void editHistory(HttpTestClient editor, String staffId) {
        assertThat(editor.patch("/api/staff/" + staffId, Map.of("changes", Map.of("role", "Lead", "skills",
                List.of("sql", "java"))), "If-Match", "\"0\"").status()).isEqualTo(200);
        assertThat(editor.patch("/api/staff/" + staffId, Map.of("changes", Map.of("weeklyHours", 30)),
                "If-Match", "\"1\"").status()).isEqualTo(200);
        assertThat(editor.post("/api/staff/" + staffId + "/deactivate", Map.of(), "If-Match", "\"2\"").status())
                .isEqualTo(200);
        assertThat(editor.post("/api/staff/" + staffId + "/reactivate", Map.of(), "If-Match", "\"3\"").status())
                .isEqualTo(200);
    }

    /** A position that stays a hole for good: the live token holds it as a gap when the replay starts. */
    private static void rolledBackAppend(DataSource dataSource) throws Exception {
        try (Connection doomed = dataSource.getConnection()) {
            Gaps.appendRegistration(doomed, "doomed-" + UUID.randomUUID(), Instant.now());
            doomed.rollback();
        }
    }

    /**
     * A registration whose transaction commits after a later registration has been projected: the directory's token
     * is past it when it arrives. Returns the late staff member's id.
     */
    private static String lateCommit(HttpTestClient editor, JdbcTemplate jdbc, DataSource dataSource)
            throws Exception {
        String late = "late-" + UUID.randomUUID();
        String overtaking = "overtaking-" + UUID.randomUUID();
        try (Connection slow = dataSource.getConnection()) {
            long latePosition = Gaps.appendRegistration(slow, late, Instant.now());
            long overtakingPosition = Clients.register(editor, overtaking);
            assertThat(overtakingPosition).isGreaterThan(latePosition);
            await().atMost(Duration.ofSeconds(30)).until(() -> Gaps.directoryVersion(jdbc, overtaking).isPresent());
            slow.commit();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Gaps.directoryVersion(jdbc, late).isPresent());
        return late;
    }

    /** A stale USER_CHOICE update of the role, edited concurrently: a pending conflict. Returns its id. */
    private static UUID raiseConflict(HttpTestClient editor, String staffId, long version, String role) {
        HttpTestClient.Response concurrent = editor.patch("/api/staff/" + staffId,
                Map.of("changes", Map.of("role", "Lead of " + role)), "If-Match", "\"" + version + "\"");
        assertThat(concurrent.status()).as("update: %s", concurrent.body()).isEqualTo(200);
        HttpTestClient.Response raised = editor.patch("/api/staff/" + staffId,
                Map.of("changes", Map.of("role", role), "strategy", "USER_CHOICE"), "If-Match", "\"" + version + "\"");
        assertThat(raised.status()).as("stale update: %s", raised.body()).isEqualTo(202);
        return UUID.fromString(raised.body().path("conflict").path("conflictId").asText());
    }

    private static void replay(HttpTestClient admin, String name) {
        HttpTestClient.Response started = admin.post("/api/admin/projections/" + name + "/replay", "");
        assertThat(started.status()).as("replay of %s: %s", name, started.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> status(admin, name).path("caughtUp").asBoolean());
    }

    /** Caught up with every event up to the head of the store, as the admin endpoint reports it. */
    private static void awaitCaughtUp(HttpTestClient admin, JdbcTemplate jdbc, String name) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode status = status(admin, name);
            return status.path("caughtUp").asBoolean() && status.path("position").asLong() >= Gaps.head(jdbc);
        });
    }

    private static JsonNode status(HttpTestClient admin, String name) {
        HttpTestClient.Response status = admin.get("/api/admin/projections/" + name);
        assertThat(status.status()).as("status of %s: %s", name, status.body()).isEqualTo(200);
        return status.body();
    }

    /** Every row, every column, as JSON text: arrays and time stamps compare by value that way. */
    private static List<String> directoryRows(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT to_jsonb(d)::text FROM staff_directory d ORDER BY staff_id", String.class);
    }

    private static List<String> conflictRows(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT to_jsonb(c)::text FROM staff_conflict c ORDER BY conflict_id", String.class);
    }

    /** Rows whose {@code last_position} is not the global position of their staff member's last event. */
    private static List<Map<String, Object>> misplacedPositions(JdbcTemplate jdbc) {
        return jdbc.queryForList("""
                SELECT d.staff_id, d.last_position, max(e.global_index) AS last_event
                FROM staff_directory d JOIN domain_event_entry e ON e.aggregate_identifier = d.staff_id
                GROUP BY d.staff_id, d.last_position
                HAVING d.last_position <> max(e.global_index)""");
    }
}
