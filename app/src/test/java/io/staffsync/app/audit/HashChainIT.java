package io.staffsync.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.RawAppends;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.query.live.ChangeFeed;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Tamper evidence: rows edited, deleted, moved or slipped in behind the application's back, with SQL, are
 * reported by {@code GET /api/audit/verify} at their position. Each test puts the store back as it was, so
 * the chain verifies again afterwards (the store is shared with every other test class).
 */
@StaffSyncIntegrationTest
class HashChainIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    ChangeFeed feed;

    private String staffId;
    private List<Long> positions;

    @BeforeEach
    void aChainedHistory() {
        staffId = "chain-" + UUID.randomUUID();
        HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
        assertThat(editor.post("/api/staff", Map.of("staffId", staffId, "fields", registration(staffId))).status())
                .isEqualTo(201);
        assertThat(editor.patch("/api/staff/" + staffId, Map.of("changes", Map.of("role", "Lead")),
                "If-Match", "\"0\"").status()).isEqualTo(200);
        assertThat(editor.patch("/api/staff/" + staffId, Map.of("changes", Map.of("department", "Audit")),
                "If-Match", "\"1\"").status()).isEqualTo(200);
        positions = EventLog.of(jdbc, staffId).stream().map(EventLog.StoredEvent::position).toList();
        awaitChained(positions.get(positions.size() - 1));
    }

    @Test
    void an_untouched_store_verifies() {
        JsonNode report = verify();

        assertThat(report.path("ok").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.path("firstBrokenLink").isNull()).isTrue();
        long head = report.path("chainedUpTo").asLong();
        assertThat(head).isGreaterThanOrEqualTo(positions.get(2));
        assertThat(report.path("checked").asLong()).isEqualTo(links(head + 1));
        assertThat(report.path("headHash").asText()).matches("[0-9a-f]{64}");
        assertThat(jdbc.queryForList("SELECT global_index FROM audit_chain WHERE global_index IN (?, ?, ?) "
                + "ORDER BY global_index", Long.class, positions.toArray())).containsExactlyElementsOf(positions);
    }

    @Test
    void an_edited_payload_is_reported_at_its_position() {
        long edited = positions.get(1);
        byte[] original = payload(edited);
        String forged = new String(original, StandardCharsets.UTF_8).replace("Lead", "Janitor");
        assertThat(forged).isNotEqualTo(new String(original, StandardCharsets.UTF_8));
        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?",
                forged.getBytes(StandardCharsets.UTF_8), edited);
        try {
            assertBrokenAt(edited, "EDITED");
        } finally {
            jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", original, edited);
        }
        assertThat(verify().path("ok").asBoolean()).isTrue();
    }

    @Test
    void a_deleted_row_is_reported_at_its_position() {
        long deleted = positions.get(1);
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM domain_event_entry WHERE global_index = ?", deleted);
        jdbc.update("DELETE FROM domain_event_entry WHERE global_index = ?", deleted);
        try {
            assertBrokenAt(deleted, "DELETED");
        } finally {
            jdbc.update("""
                    INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type,
                        event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", row.get("global_index"), row.get("aggregate_identifier"),
                    row.get("sequence_number"), row.get("type"), row.get("event_identifier"), row.get("meta_data"),
                    row.get("payload"), row.get("payload_revision"), row.get("payload_type"), row.get("time_stamp"));
        }
        assertThat(verify().path("ok").asBoolean()).isTrue();
    }

    @Test
    void rows_that_swapped_positions_are_reported_as_reordered() {
        long first = positions.get(1);
        long second = positions.get(2);
        swapPositions(first, second);
        try {
            assertBrokenAt(first, "REORDERED");
        } finally {
            swapPositions(first, second);
        }
        assertThat(verify().path("ok").asBoolean()).isTrue();
    }

    @Test
    void swapped_payloads_are_reported_at_the_first_of_the_two() {
        long first = positions.get(1);
        long second = positions.get(2);
        byte[] firstPayload = payload(first);
        byte[] secondPayload = payload(second);
        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", secondPayload, first);
        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", firstPayload, second);
        try {
            assertBrokenAt(first, "EDITED");
        } finally {
            jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", firstPayload, first);
            jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", secondPayload, second);
        }
        assertThat(verify().path("ok").asBoolean()).isTrue();
    }

    @Test
    void a_row_slipped_into_a_rolled_back_position_is_reported_as_inserted() throws Exception {
        long gap;
        try (Connection doomed = dataSource.getConnection()) {
            doomed.setAutoCommit(false);
            gap = RawAppends.registration(doomed, "doomed-" + UUID.randomUUID(), java.time.Instant.now());
            doomed.rollback();
        }
        String laterId = "chain-later-" + UUID.randomUUID();
        assertThat(new HttpTestClient(port, "editor", "editor").post("/api/staff",
                Map.of("staffId", laterId, "fields", registration(laterId))).status()).isEqualTo(201);
        long later = EventLog.of(jdbc, laterId).get(0).position();
        assertThat(later).isGreaterThan(gap);
        awaitChained(later);
        // the live feed reads every row once; let it pass the gap first, so the forged row reaches no client
        await().atMost(Duration.ofSeconds(30)).until(() -> feed.deliveredPosition() >= later);
        assertThat(links(gap + 1) - links(gap)).as("a rolled-back position gets no link").isZero();

        jdbc.update("""
                INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type,
                    event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)
                VALUES (?, ?, 0, 'StaffMember', ?, null, ?, null, 'io.staffsync.audit.test.ForgedEvent', ?)""",
                gap, "forged-" + UUID.randomUUID(), UUID.randomUUID().toString(),
                "{}".getBytes(StandardCharsets.UTF_8), Instant.now().toString());
        try {
            assertBrokenAt(gap, "INSERTED");
        } finally {
            jdbc.update("DELETE FROM domain_event_entry WHERE global_index = ?", gap);
        }
        assertThat(verify().path("ok").asBoolean()).isTrue();
    }

    @Test
    void the_chain_cannot_be_rewritten_or_shortened() {
        long link = positions.get(0);

        assertThatThrownBy(() -> jdbc.update("UPDATE audit_chain SET hash = prev_hash WHERE global_index = ?", link))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_chain WHERE global_index = ?", link))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_chain")).hasMessageContaining("append-only");
        assertThat(links(link + 1) - links(link)).isEqualTo(1);
    }

    private void assertBrokenAt(long position, String reason) {
        JsonNode report = verify();
        assertThat(report.path("ok").asBoolean()).as(report.toString()).isFalse();
        assertThat(report.path("firstBrokenLink").path("position").asLong()).as(report.toString()).isEqualTo(position);
        assertThat(report.path("firstBrokenLink").path("reason").asText()).as(report.toString()).isEqualTo(reason);
        assertThat(report.path("checked").asLong()).as("links before the broken one").isEqualTo(links(position));
    }

    private JsonNode verify() {
        RawHttp.Response response = new RawHttp(port, "auditor").json("/api/audit/verify");
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private void awaitChained(long position) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT coalesce(max(global_index), 0) FROM audit_chain", Long.class) >= position);
    }

    /** Links below {@code position}. */
    private long links(long position) {
        return jdbc.queryForObject("SELECT count(*) FROM audit_chain WHERE global_index < ?", Long.class, position);
    }

    private byte[] payload(long position) {
        return jdbc.queryForObject("SELECT payload FROM domain_event_entry WHERE global_index = ?", byte[].class,
                position);
    }

    private void swapPositions(long a, long b) {
        jdbc.update("UPDATE domain_event_entry SET global_index = ? WHERE global_index = ?", -a, a);
        jdbc.update("UPDATE domain_event_entry SET global_index = ? WHERE global_index = ?", a, b);
        jdbc.update("UPDATE domain_event_entry SET global_index = ? WHERE global_index = ?", b, -a);
    }
}
