package io.staffsync.app.schema;

import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway owns the schema and Hibernate only validates it (the context would not start otherwise); this
 * pins the parts auditors and analysts rely on: readable JSON payloads in bytea, and one-step positions.
 */
@StaffSyncIntegrationTest
class EventStoreSchemaIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void payloads_and_metadata_are_bytea_holding_readable_json() {
        String staffId = UUID.randomUUID().toString();
        new HttpTestClient(port, "editor", "editor").post("/api/staff",
                Map.of("staffId", staffId, "fields", registration(staffId)));

        assertThat(columnType("domain_event_entry", "payload")).isEqualTo("bytea");
        assertThat(columnType("domain_event_entry", "meta_data")).isEqualTo("bytea");
        assertThat(columnType("token_entry", "token")).isEqualTo("bytea");
        String payload = jdbc.queryForObject(
                "SELECT convert_from(payload, 'UTF8')::jsonb ->> 'staffId' FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ?", String.class, staffId);
        assertThat(payload).isEqualTo(staffId);
        String actor = jdbc.queryForObject(
                "SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'actor' FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ?", String.class, staffId);
        assertThat(actor).isEqualTo("editor");
        byte[] raw = jdbc.queryForObject("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?",
                byte[].class, staffId);
        assertThat(new String(raw, StandardCharsets.UTF_8)).startsWith("{").contains("\"firstName\":\"Grace\"");
    }

    @Test
    void global_positions_come_from_a_sequence_that_steps_by_one() {
        Long increment = jdbc.queryForObject("SELECT increment_by FROM pg_sequences "
                + "WHERE sequencename = 'domain_event_entry_global_index_seq'", Long.class);
        Long cache = jdbc.queryForObject("SELECT cache_size FROM pg_sequences "
                + "WHERE sequencename = 'domain_event_entry_global_index_seq'", Long.class);
        assertThat(increment).isEqualTo(1);
        assertThat(cache).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success", Long.class))
                .isGreaterThanOrEqualTo(3);
    }

    private String columnType(String table, String column) {
        return jdbc.queryForObject("SELECT data_type FROM information_schema.columns "
                + "WHERE table_name = ? AND column_name = ?", String.class, table, column);
    }
}
