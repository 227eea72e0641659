package io.staffsync.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.RawAppends;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/events}: the global log as JSON pages, as an NDJSON stream and as CSV, never handing out a
 * position past one that may still commit.
 */
@StaffSyncIntegrationTest
class GlobalEventLogIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void pages_walk_the_log_in_position_order_and_continue_where_the_last_one_ended() {
        long before = maxPosition();
        List<String> staff = List.of(create(), create(), create());
        staff.forEach(id -> update(id, 0, Map.of("role", "Lead")));
        long last = lastPositionOf(staff);
        RawHttp auditor = new RawHttp(port, "auditor");

        List<Long> paged = new ArrayList<>();
        List<String> pagedStaff = new ArrayList<>();
        long after = before;
        while (after < last) {
            JsonNode page = auditor.json("/api/events?after=" + after + "&limit=2").json();
            assertThat(page.path("after").asLong()).isEqualTo(after);
            assertThat(page.path("limit").asInt()).isEqualTo(2);
            assertThat(page.path("events").size()).isBetween(1, 2);
            page.path("events").forEach(event -> {
                paged.add(event.path("position").asLong());
                pagedStaff.add(event.path("staffId").asText());
            });
            after = page.path("nextAfter").asLong();
        }

        assertThat(paged).isSorted().doesNotHaveDuplicates()
                .containsExactlyElementsOf(positions("global_index > ? AND global_index <= ?", before, after));
        for (String id : staff) {
            assertThat(pagedStaff.stream().filter(id::equals)).hasSize(2);
        }
        assertThat(new RawHttp(port, "auditor").get("/api/events?after=" + before + "&limit=1", null).json()
                .path("events").get(0).path("position").asLong()).as("JSON without an Accept header")
                .isEqualTo(paged.get(0));
    }

    @Test
    void ndjson_streams_every_settled_event_after_a_position_or_only_a_limited_number() {
        long before = maxPosition();
        String staffId = create();
        update(staffId, 0, Map.of("department", "Audit"));
        long last = lastPositionOf(List.of(staffId));

        RawHttp.Response all = new RawHttp(port, "auditor").get("/api/events?after=" + before, "application/x-ndjson");

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.contentType()).startsWith("application/x-ndjson");
        long mark = Long.parseLong(all.highWaterMark());
        assertThat(mark).isGreaterThanOrEqualTo(last);
        List<JsonNode> lines = all.lines();
        assertThat(lines).extracting(line -> line.path("position").asLong())
                .containsExactlyElementsOf(positions("global_index > ? AND global_index <= ?", before, mark));
        JsonNode update = lines.stream().filter(line -> line.path("staffId").asText().equals(staffId)
                && line.path("type").asText().equals("UPDATED")).findFirst().orElseThrow();
        assertThat(update.path("changes").get(0).path("newValue").asText()).isEqualTo("Audit");
        assertThat(update.path("actor").asText()).isEqualTo("editor");

        RawHttp.Response limited = new RawHttp(port, "auditor").get("/api/events?after=" + before + "&limit=1",
                "application/x-ndjson");
        assertThat(limited.lines()).extracting(line -> line.path("position").asLong())
                .containsExactly(lines.get(0).path("position").asLong());
    }

    @Test
    void csv_has_a_row_per_field_change_and_quotes_what_needs_quoting() {
        long before = maxPosition();
        String staffId = "csv-" + UUID.randomUUID();
        Map<String, Object> fields = new java.util.LinkedHashMap<>(registration(staffId));
        String notes = "line one, \"quoted\"\nline two";
        fields.put("notes", notes);
        HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
        assertThat(editor.post("/api/staff", Map.of("staffId", staffId, "fields", fields)).status()).isEqualTo(201);
        assertThat(editor.post("/api/staff/" + staffId + "/deactivate", Map.of(), "If-Match", "\"0\"").status())
                .isEqualTo(200);

        RawHttp.Response csv = new RawHttp(port, "auditor").get("/api/events?after=" + before, "text/csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<List<String>> rows = parseCsv(csv.body());
        assertThat(rows.get(0)).containsExactly("position", "staff_id", "version", "type", "event_type",
                "occurred_at", "actor", "client_id", "command_id", "reason", "field", "old_value", "new_value",
                "conflict_id", "conflict_strategy", "field_outcome", "theirs", "mine");
        List<List<String>> mine = rows.stream().filter(row -> row.get(1).equals(staffId)).toList();
        List<List<String>> registered = mine.stream().filter(row -> row.get(3).equals("REGISTERED")).toList();
        assertThat(registered).extracting(row -> row.get(10)).containsExactly("firstName", "lastName", "email",
                "department", "employmentType", "weeklyHours", "skills", "notes");
        assertThat(registered).allSatisfy(row -> assertThat(row).hasSize(18));
        List<String> notesRow = registered.stream().filter(row -> row.get(10).equals("notes")).findFirst().orElseThrow();
        assertThat(notesRow.get(11)).isEmpty();
        assertThat(notesRow.get(12)).isEqualTo(notes);
        assertThat(registered.stream().filter(row -> row.get(10).equals("skills")).findFirst().orElseThrow().get(12))
                .isEqualTo("[\"cobol\",\"compilers\"]");
        List<List<String>> deactivated = mine.stream().filter(row -> row.get(3).equals("DEACTIVATED")).toList();
        assertThat(deactivated).hasSize(1);
        assertThat(deactivated.get(0).get(2)).isEqualTo("1");
        assertThat(deactivated.get(0).get(10)).isEmpty();
        assertThat(csv.body()).contains("\"line one, \"\"quoted\"\"\nline two\"");
    }

    @Test
    void a_position_that_may_still_commit_holds_back_everything_after_it() throws Exception {
        long before = maxPosition();
        RawHttp auditor = new RawHttp(port, "auditor");
        long held;
        String laterId;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            String heldId = "held-" + UUID.randomUUID();
            held = RawAppends.registration(holder, heldId, Instant.now());
            laterId = create();
            long later = lastPositionOf(List.of(laterId));
            assertThat(later).isGreaterThan(held);

            JsonNode page = auditor.json("/api/events?after=" + before).json();
            assertThat(page.path("events").findValuesAsText("position").stream().map(Long::parseLong))
                    .allSatisfy(position -> assertThat(position).isLessThan(held));
            assertThat(page.path("nextAfter").asLong()).isLessThan(held);
            RawHttp.Response stream = auditor.get("/api/events?after=" + before, "application/x-ndjson");
            assertThat(Long.parseLong(stream.highWaterMark())).isLessThan(held);
            assertThat(stream.lines()).extracting(line -> line.path("position").asLong())
                    .allSatisfy(position -> assertThat(position).isLessThan(held));

            holder.commit();
        }

        JsonNode page = auditor.json("/api/events?after=" + before + "&limit=1000").json();
        List<Long> positions = page.path("events").findValuesAsText("position").stream().map(Long::parseLong).toList();
        assertThat(positions).contains(held, lastPositionOf(List.of(laterId))).isSorted();
    }

    @Test
    void malformed_parameters_are_problem_details() {
        RawHttp auditor = new RawHttp(port, "auditor");
        for (String query : List.of("after=-1", "after=abc", "limit=0", "limit=1001", "limit=x")) {
            RawHttp.Response response = auditor.json("/api/events?" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).as(query).startsWith("application/problem+json");
            assertThat(response.json().path("code").asText()).as(query).isEqualTo("INVALID");
            assertThat(response.json().path("field").asText()).as(query).isEqualTo(query.substring(0, query.indexOf('=')));
        }
        RawHttp.Response stream = auditor.get("/api/events?after=-5", "application/x-ndjson");
        assertThat(stream.status()).isEqualTo(400);
        assertThat(stream.json().path("field").asText()).isEqualTo("after");
    }

    private String create() {
        String staffId = UUID.randomUUID().toString();
        HttpTestClient.Response created = new HttpTestClient(port, "editor", "editor").post("/api/staff",
                Map.of("staffId", staffId, "fields", registration(staffId)));
        assertThat(created.status()).isEqualTo(201);
        return staffId;
    }

    private void update(String staffId, long version, Map<String, Object> changes) {
        assertThat(new HttpTestClient(port, "editor", "editor").patch("/api/staff/" + staffId,
                Map.of("changes", changes), "If-Match", "\"" + version + "\"").status()).isEqualTo(200);
    }

    private long maxPosition() {
        Long max = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

    private long lastPositionOf(List<String> staffIds) {
        return staffIds.stream().mapToLong(id -> jdbc.queryForObject(
                "SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, id))
                .max().orElseThrow();
    }

    private List<Long> positions(String where, Object... args) {
        return jdbc.queryForList("SELECT global_index FROM domain_event_entry WHERE " + where
                + " ORDER BY global_index", Long.class, args);
    }

    /** RFC 4180, strictly: what a spreadsheet would read. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        assertThat(quoted).as("unterminated quote").isFalse();
        assertThat(cell.length() == 0 && row.isEmpty()).as("every row ends in CRLF").isTrue();
        return rows;
    }
}
