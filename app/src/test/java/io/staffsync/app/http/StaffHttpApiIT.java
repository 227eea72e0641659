package io.staffsync.app.http;

import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.HttpTestClient.Response;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP face of the same command path: ETag versions, problem details, honest status codes. */
@StaffSyncIntegrationTest
class StaffHttpApiIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void create_update_and_read_a_staff_member_with_etag_versions() {
        HttpTestClient http = new HttpTestClient(port, "editor", "editor");
        String staffId = UUID.randomUUID().toString();

        Response created = http.post("/api/staff", Map.of("staffId", staffId, "fields", registration(staffId)));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/staff/" + staffId);
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(created.body().path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(created.body().path("position").asLong()).isPositive();

        Response updated = http.patch("/api/staff/" + staffId,
                Map.of("changes", Map.of("department", "Research", "skills", java.util.List.of("rust"))),
                "If-Match", "\"0\"");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("ETag")).isEqualTo("\"1\"");

        await().atMost(Duration.ofSeconds(90)).until(() -> http.get("/api/staff/" + staffId).status() == 200
                && "\"1\"".equals(http.get("/api/staff/" + staffId).header("ETag")));
        Response read = new HttpTestClient(port, "viewer", "viewer").get("/api/staff/" + staffId);
        assertThat(read.body().path("department").asText()).isEqualTo("Research");
        assertThat(read.body().path("skills").toString()).isEqualTo("[\"rust\"]");
        assertThat(read.body().path("firstName").asText()).isEqualTo("Grace");

        Response page = http.get("/api/staff?department=Research&size=500");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("items").findValuesAsText("staffId")).contains(staffId);
    }

    @Test
    void a_stale_if_match_is_412_with_the_current_state_and_stores_nothing() {
        HttpTestClient http = new HttpTestClient(port, "editor", "editor");
        String staffId = created(http);
        assertThat(http.patch("/api/staff/" + staffId, Map.of("changes", Map.of("role", "A")), "If-Match", "\"0\"")
                .status()).isEqualTo(200);

        Response stale = http.patch("/api/staff/" + staffId, Map.of("changes", Map.of("role", "B")),
                "If-Match", "\"0\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
        assertThat(stale.body().path("code").asText()).isEqualTo("STALE_VERSION");
        assertThat(stale.body().path("currentVersion").asLong()).isEqualTo(1);
        assertThat(stale.body().path("state").path("role").asText()).isEqualTo("A");
        assertThat(EventLog.of(jdbc, staffId)).hasSize(2);
    }

    @Test
    void errors_are_problem_details_with_the_right_status() {
        HttpTestClient http = new HttpTestClient(port, "editor", "editor");
        String staffId = created(http);

        Response noIfMatch = http.patch("/api/staff/" + staffId, Map.of("changes", Map.of("role", "A")));
        assertThat(noIfMatch.status()).isEqualTo(428);

        Response invalid = http.patch("/api/staff/" + staffId, Map.of("changes", Map.of("weeklyHours", 81)),
                "If-Match", "\"0\"");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().path("code").asText()).isEqualTo("INVALID");
        assertThat(invalid.body().path("field").asText()).isEqualTo("weeklyHours");
        assertThat(invalid.body().path("detail").asText()).contains("between 0 and 80");

        Response unknownField = http.patch("/api/staff/" + staffId, Map.of("changes", Map.of("salary", 1)),
                "If-Match", "\"0\"");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.body().path("field").asText()).isEqualTo("salary");

        Response ahead = http.patch("/api/staff/" + staffId, Map.of("changes", Map.of("role", "A")),
                "If-Match", "\"7\"");
        assertThat(ahead.status()).isEqualTo(400);
        assertThat(ahead.body().path("code").asText()).isEqualTo("VERSION_AHEAD");

        Response missing = http.patch("/api/staff/" + UUID.randomUUID(), Map.of("changes", Map.of("role", "A")),
                "If-Match", "\"0\"");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(http.get("/api/staff/" + UUID.randomUUID()).status()).isEqualTo(404);

        Map<String, Object> again = new HashMap<>(registration(UUID.randomUUID().toString()));
        Response exists = http.post("/api/staff", Map.of("staffId", staffId, "fields", again));
        assertThat(exists.status()).isEqualTo(409);
        assertThat(exists.body().path("code").asText()).isEqualTo("ALREADY_EXISTS");

        Response badEmail = http.post("/api/staff", Map.of("fields", Map.of("firstName", "A", "lastName", "B",
                "email", "not-an-email")));
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.body().path("field").asText()).isEqualTo("email");

        assertThat(http.post("/api/staff", "{not json").status()).isEqualTo(400);
        assertThat(http.get("/api/staff?size=0").status()).isEqualTo(400);
        assertThat(EventLog.of(jdbc, staffId)).hasSize(1);
    }

    @Test
    void an_inactive_staff_member_cannot_be_edited_until_reactivated() {
        HttpTestClient http = new HttpTestClient(port, "editor", "editor");
        String staffId = created(http);
        assertThat(http.post("/api/staff/" + staffId + "/deactivate", Map.of("reason", "left"), "If-Match", "\"0\"")
                .status()).isEqualTo(200);
        Response edit = http.patch("/api/staff/" + staffId, Map.of("changes", Map.of("role", "A")), "If-Match", "\"1\"");
        assertThat(edit.status()).isEqualTo(409);
        assertThat(edit.body().path("code").asText()).isEqualTo("INACTIVE");
        assertThat(http.post("/api/staff/" + staffId + "/reactivate", Map.of(), "If-Match", "\"1\"").status())
                .isEqualTo(200);
        assertThat(http.patch("/api/staff/" + staffId, Map.of("changes", Map.of("role", "A")), "If-Match", "\"2\"")
                .status()).isEqualTo(200);
    }

    @Test
    void only_authenticated_editors_may_change_records() {
        String staffId = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("staffId", staffId, "fields", registration(staffId));
        assertThat(new HttpTestClient(port, null, null).post("/api/staff", body).status()).isEqualTo(401);
        assertThat(new HttpTestClient(port, "editor", "wrong").post("/api/staff", body).status()).isEqualTo(401);
        assertThat(new HttpTestClient(port, null, null).get("/api/staff").status()).isEqualTo(401);
        Response viewer = new HttpTestClient(port, "viewer", "viewer").post("/api/staff", body);
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.body().path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(EventLog.of(jdbc, staffId)).isEmpty();
    }

    private static String created(HttpTestClient http) {
        String staffId = UUID.randomUUID().toString();
        assertThat(http.post("/api/staff", Map.of("staffId", staffId, "fields", registration(staffId))).status())
                .isEqualTo(201);
        return staffId;
    }
}
