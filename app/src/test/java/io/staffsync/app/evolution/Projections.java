package io.staffsync.app.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.HttpTestClient.Response;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin projection endpoints, as an operator's script would use them. */
final class Projections {

    static final String DIRECTORY = "staff-directory";
    static final String CONFLICTS = "staff-conflicts";

    private Projections() {
    }

    static JsonNode status(HttpTestClient admin, String name) {
        Response response = admin.get("/api/admin/projections/" + name);
        assertThat(response.status()).as("status of %s: %s", name, response.body()).isEqualTo(200);
        return response.body();
    }

    /** Waits until the projection has handled every event up to the head of the event store. */
    static void awaitCaughtUp(HttpTestClient admin, JdbcTemplate jdbc, String name) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode status = status(admin, name);
            long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
            return status.path("caughtUp").asBoolean() && status.path("position").asLong() >= head;
        });
    }

    /** Starts a replay and polls its status until caught up; returns every status seen, the first being the POST's. */
    static List<JsonNode> replay(HttpTestClient admin, String name) {
        return replay(admin, name, () -> { });
    }

    /** As {@link #replay(HttpTestClient, String)}, running {@code afterReset} once the tokens have been reset. */
    static List<JsonNode> replay(HttpTestClient admin, String name, Runnable afterReset) {
        Response started = admin.post("/api/admin/projections/" + name + "/replay", "");
        assertThat(started.status()).as("replay answer %s", started.body()).isEqualTo(202);
        afterReset.run();
        String location = started.header("Location");
        assertThat(location).endsWith("/api/admin/projections/" + name);
        String path = location.substring(location.indexOf("/api/"));
        List<JsonNode> seen = new ArrayList<>();
        seen.add(started.body());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Response polled = admin.get(path);
            assertThat(polled.status()).isEqualTo(200);
            seen.add(polled.body());
            return polled.body().path("caughtUp").asBoolean();
        });
        return seen;
    }

    /** Every directory row, every column, as JSON text (arrays and timestamps compare by value that way). */
    static List<String> directoryRows(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT to_jsonb(d)::text FROM staff_directory d ORDER BY staff_id", String.class);
    }

    static List<String> conflictRows(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT to_jsonb(c)::text FROM staff_conflict c ORDER BY conflict_id", String.class);
    }
}
