package io.staffsync.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/staff/{id}/history}: every event of one staff member, read from the event store. */
@StaffSyncIntegrationTest
class StaffHistoryIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void the_history_shows_every_event_with_its_diffs_who_and_how_conflicts_were_settled() {
        String staffId = "history-" + UUID.randomUUID();
        HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
        HttpTestClient alice = new HttpTestClient(port, "alice", "alice");
        HttpTestClient bob = new HttpTestClient(port, "bob", "bob");
        UUID registerCommand = UUID.randomUUID();

        assertThat(editor.post("/api/staff", Map.of("staffId", staffId, "fields", registration(staffId)),
                "Idempotency-Key", registerCommand.toString(), "X-Client-Id", "tab-1").status()).isEqualTo(201);
        assertThat(alice.patch("/api/staff/" + staffId, Map.of("changes", Map.of("role", "Lead",
                "department", "Research"), "reason", "promotion"), "If-Match", "\"0\"").status()).isEqualTo(200);
        HttpTestClient.Response overwritten = bob.patch("/api/staff/" + staffId, Map.of("changes",
                Map.of("role", "Architect"), "strategy", "LAST_WRITER_WINS"), "If-Match", "\"0\"");
        assertThat(overwritten.status()).isEqualTo(200);
        HttpTestClient.Response held = bob.patch("/api/staff/" + staffId, Map.of("changes",
                Map.of("department", "Ops"), "strategy", "USER_CHOICE"), "If-Match", "\"0\"");
        assertThat(held.status()).isEqualTo(202);
        String conflictId = held.body().path("conflict").path("conflictId").asText();
        assertThat(editor.post("/api/staff/" + staffId + "/conflicts/" + conflictId + "/resolve",
                Map.of("choices", Map.of("department", Map.of("choice", "MINE")), "reason", "ops wins"),
                "If-Match", "\"3\"").status()).isEqualTo(200);
        assertThat(editor.post("/api/staff/" + staffId + "/deactivate", Map.of("reason", "left"),
                "If-Match", "\"5\"").status()).isEqualTo(200);

        RawHttp.Response response = new RawHttp(port, "auditor").json("/api/staff/" + staffId + "/history");

        assertThat(response.status()).isEqualTo(200);
        JsonNode history = response.json();
        assertThat(history.path("staffId").asText()).isEqualTo(staffId);
        assertThat(history.path("version").asLong()).isEqualTo(6);
        List<JsonNode> events = list(history.path("events"));
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("REGISTERED", "UPDATED",
                "UPDATED", "CONFLICT_RAISED", "CONFLICT_RESOLVED", "UPDATED", "DEACTIVATED");
        List<EventLog.StoredEvent> stored = EventLog.of(jdbc, staffId);
        assertThat(events).extracting(e -> e.path("position").asLong())
                .containsExactlyElementsOf(stored.stream().map(EventLog.StoredEvent::position).toList());
        assertThat(events).extracting(e -> e.path("version").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(events).allSatisfy(e -> assertThat(e.path("occurredAt").asText()).isNotBlank());

        JsonNode registered = events.get(0);
        assertThat(registered.path("eventType").asText()).isEqualTo("StaffMemberRegisteredEvent");
        assertThat(registered.path("actor").asText()).isEqualTo("editor");
        assertThat(registered.path("clientId").asText()).isEqualTo("http:tab-1");
        assertThat(registered.path("commandId").asText()).isEqualTo(registerCommand.toString());
        assertThat(change(registered, "firstName").path("oldValue").isNull()).isTrue();
        assertThat(change(registered, "firstName").path("newValue").asText()).isEqualTo("Grace");

        JsonNode promoted = events.get(1);
        assertThat(promoted.path("actor").asText()).isEqualTo("alice");
        assertThat(promoted.path("reason").asText()).isEqualTo("promotion");
        assertThat(promoted.path("changes")).hasSize(2);
        assertThat(change(promoted, "department").path("oldValue").asText()).isEqualTo("Engineering");
        assertThat(change(promoted, "department").path("newValue").asText()).isEqualTo("Research");
        assertThat(promoted.path("conflict").isNull()).isTrue();

        JsonNode lastWriter = events.get(2);
        assertThat(lastWriter.path("actor").asText()).isEqualTo("bob");
        assertThat(lastWriter.path("basedOnVersion").asLong()).isZero();
        assertThat(lastWriter.path("conflict").path("strategy").asText()).isEqualTo("LAST_WRITER_WINS");
        JsonNode contestedRole = lastWriter.path("conflict").path("contested").get(0);
        assertThat(contestedRole.path("field").asText()).isEqualTo("role");
        assertThat(contestedRole.path("theirs").asText()).isEqualTo("Lead");
        assertThat(contestedRole.path("mine").asText()).isEqualTo("Architect");
        assertThat(contestedRole.path("outcome").asText()).isEqualTo("MINE");
        assertThat(change(lastWriter, "role").path("oldValue").asText()).isEqualTo("Lead");
        assertThat(change(lastWriter, "role").path("newValue").asText()).isEqualTo("Architect");

        JsonNode raised = events.get(3);
        assertThat(raised.path("conflict").path("strategy").asText()).isEqualTo("USER_CHOICE");
        assertThat(raised.path("conflict").path("conflictId").asText()).isEqualTo(conflictId);
        assertThat(raised.path("conflict").path("contested").get(0).path("outcome").asText()).isEqualTo("PENDING");
        assertThat(raised.path("changes")).isEmpty();
        assertThat(raised.path("expiresAt").asText()).isNotBlank();
        assertThat(raised.path("fallback").asText()).isEqualTo("FIRST_WRITER_WINS");
        assertThat(raised.path("requested").get(0).path("field").asText()).isEqualTo("department");

        JsonNode resolved = events.get(4);
        assertThat(resolved.path("actor").asText()).isEqualTo("editor");
        assertThat(resolved.path("reason").asText()).isEqualTo("ops wins");
        assertThat(resolved.path("conflict").path("contested").get(0).path("outcome").asText()).isEqualTo("MINE");
        assertThat(change(events.get(5), "department").path("newValue").asText()).isEqualTo("Ops");
        assertThat(events.get(5).path("conflict").path("conflictId").asText()).isEqualTo(conflictId);

        JsonNode deactivated = events.get(6);
        assertThat(deactivated.path("reason").asText()).isEqualTo("left");
        assertThat(deactivated.path("basedOnVersion").asLong()).isEqualTo(5);
        assertThat(deactivated.path("changes")).isEmpty();
    }

    @Test
    void an_unknown_staff_member_has_no_history() {
        RawHttp.Response response = new RawHttp(port, "auditor").json("/api/staff/nobody-" + UUID.randomUUID()
                + "/history");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("code").asText()).isEqualTo("NOT_FOUND");
    }

    private static JsonNode change(JsonNode event, String field) {
        for (JsonNode change : event.path("changes")) {
            if (change.path("field").asText().equals(field)) {
                return change;
            }
        }
        throw new AssertionError("no change of " + field + " in " + event);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
