package io.staffsync.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time travel: a staff member as of a version or a moment, and the whole directory as of a moment, each
 * compared with the independent replay of the stored events ({@link EventLog}).
 */
@StaffSyncIntegrationTest
class TimeTravelIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void the_state_as_of_each_version_and_each_moment_equals_a_replay_up_to_it() {
        String staffId = "tt-" + UUID.randomUUID();
        register(staffId);
        update(staffId, 0, Map.of("role", "Lead", "weeklyHours", 32));
        update(staffId, 1, Map.of("skills", List.of("cobol", "rust"), "phone", "+44 20 7946 0000"));
        lifecycle(staffId, "deactivate", 2);
        lifecycle(staffId, "reactivate", 3);
        update(staffId, 4, Map.of("notes", "back from a sabbatical"));
        List<EventLog.StoredEvent> log = EventLog.of(jdbc, staffId);
        List<Instant> stamps = stamps(staffId);
        RawHttp auditor = new RawHttp(port, "auditor");

        for (int version = 0; version < log.size(); version++) {
            StaffMemberView expected = EventLog.replay(log.subList(0, version + 1));
            JsonNode byVersion = auditor.json("/api/staff/" + staffId + "/as-of?version=" + version).json();
            assertThat(view(byVersion.path("state"))).as("version %d", version).isEqualTo(expected);
            assertThat(byVersion.path("position").asLong()).isEqualTo(log.get(version).position());
            assertThat(byVersion.path("requestedVersion").asLong()).isEqualTo(version);

            JsonNode atStamp = auditor.json("/api/staff/" + staffId + "/as-of?at=" + stamps.get(version)).json();
            assertThat(view(atStamp.path("state"))).as("at the moment of version %d", version).isEqualTo(expected);
            if (version + 1 < log.size()) {
                Instant between = stamps.get(version).plus(Duration.between(stamps.get(version),
                        stamps.get(version + 1)).dividedBy(2));
                JsonNode justBefore = auditor.json("/api/staff/" + staffId + "/as-of?at=" + between).json();
                assertThat(view(justBefore.path("state"))).as("between versions %d and %d", version, version + 1)
                        .isEqualTo(expected);
            }
        }
        assertThat(view(auditor.json("/api/staff/" + staffId + "/as-of?at=" + Instant.now()).json().path("state")))
                .isEqualTo(EventLog.replay(log));

        RawHttp.Response beforeRegistration = auditor.json("/api/staff/" + staffId + "/as-of?at="
                + stamps.get(0).minusMillis(1));
        assertThat(beforeRegistration.status()).isEqualTo(404);
        assertThat(beforeRegistration.json().path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(auditor.json("/api/staff/" + staffId + "/as-of?version=" + log.size()).status()).isEqualTo(404);
        assertThat(auditor.json("/api/staff/nobody-" + UUID.randomUUID() + "/as-of?version=0").status()).isEqualTo(404);
    }

    @Test
    void the_directory_as_of_a_moment_holds_each_staff_member_as_a_replay_to_that_moment() throws Exception {
        String prefix = "dir-" + UUID.randomUUID() + "-";
        String a = prefix + "a";
        String b = prefix + "b";
        String c = prefix + "c";
        register(a);
        register(b);
        update(a, 0, Map.of("department", "Finance"));
        Instant moment = lastStamp(a);
        update(a, 1, Map.of("department", "Legal"));
        update(b, 0, Map.of("role", "Auditor"));
        register(c);
        RawHttp auditor = new RawHttp(port, "auditor");

        JsonNode first = auditor.json("/api/audit/directory?at=" + moment + "&after=" + prefix + "&limit=1").json();
        assertThat(first.path("items")).hasSize(1);
        assertThat(view(first.path("items").get(0))).isEqualTo(EventLog.replay(EventLog.of(jdbc, a).subList(0, 2)));
        assertThat(first.path("nextAfter").asText()).isEqualTo(a);
        JsonNode second = auditor.json("/api/audit/directory?at=" + moment + "&after=" + a + "&limit=1").json();
        assertThat(view(second.path("items").get(0))).isEqualTo(EventLog.replay(EventLog.of(jdbc, b).subList(0, 1)));

        RawHttp.Response then = auditor.get("/api/audit/directory?at=" + moment + "&after=" + prefix,
                "application/x-ndjson");
        assertThat(then.status()).isEqualTo(200);
        List<StaffMemberView> mine = then.lines().stream().map(TimeTravelIT::view)
                .filter(view -> view.staffId().startsWith(prefix)).toList();
        assertThat(mine).as("c was not registered yet").extracting(StaffMemberView::staffId).containsExactly(a, b);

        Instant now = Instant.now();
        List<StaffMemberView> current = auditor.get("/api/audit/directory?at=" + now + "&after=" + prefix,
                "application/x-ndjson").lines().stream().map(TimeTravelIT::view)
                .filter(view -> view.staffId().startsWith(prefix)).toList();
        assertThat(current).containsExactly(EventLog.replay(EventLog.of(jdbc, a)), EventLog.replay(EventLog.of(jdbc, b)),
                EventLog.replay(EventLog.of(jdbc, c)));
    }

    @Test
    void malformed_time_travel_requests_are_problem_details() {
        String staffId = "tt-bad-" + UUID.randomUUID();
        register(staffId);
        RawHttp auditor = new RawHttp(port, "auditor");
        String base = "/api/staff/" + staffId + "/as-of";
        for (String query : List.of("", "?version=0&at=" + Instant.now(), "?version=-1", "?version=one",
                "?at=yesterday", "?at=" + Instant.now().plusSeconds(3600))) {
            RawHttp.Response response = auditor.json(base + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).as(query).startsWith("application/problem+json");
            assertThat(response.json().path("code").asText()).as(query).isEqualTo("INVALID");
        }
        for (String query : List.of("", "?at=soon", "?at=" + Instant.now() + "&limit=0")) {
            RawHttp.Response response = auditor.json("/api/audit/directory" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().path("code").asText()).as(query).isEqualTo("INVALID");
        }
    }

    private void register(String staffId) {
        assertThat(new HttpTestClient(port, "editor", "editor").post("/api/staff",
                Map.of("staffId", staffId, "fields", registration(staffId))).status()).isEqualTo(201);
    }

    private void update(String staffId, long version, Map<String, Object> changes) {
        assertThat(new HttpTestClient(port, "editor", "editor").patch("/api/staff/" + staffId,
                Map.of("changes", changes), "If-Match", "\"" + version + "\"").status()).isEqualTo(200);
    }

    private void lifecycle(String staffId, String action, long version) {
        assertThat(new HttpTestClient(port, "editor", "editor").post("/api/staff/" + staffId + "/" + action,
                Map.of(), "If-Match", "\"" + version + "\"").status()).isEqualTo(200);
    }

    private List<Instant> stamps(String staffId) {
        return jdbc.queryForList("SELECT time_stamp FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number", String.class, staffId).stream().map(Instant::parse).toList();
    }

    private Instant lastStamp(String staffId) {
        List<Instant> stamps = stamps(staffId);
        return stamps.get(stamps.size() - 1);
    }

    private static StaffMemberView view(JsonNode json) {
        try {
            return StompTestClient.JSON.treeToValue(json, StaffMemberView.class);
        } catch (Exception e) {
            throw new AssertionError("not a staff member: " + json, e);
        }
    }
}
