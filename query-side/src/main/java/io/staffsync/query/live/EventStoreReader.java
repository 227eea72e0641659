package io.staffsync.query.live;

import io.staffsync.api.staff.event.StaffMemberEvent;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * Reads the event store table directly, in global position order, for the live feed and for resumes.
 * Payloads go through Axon's event serializer, so they read exactly as the event handlers see them.
 * Public for the audit API ({@code io.staffsync.query.audit}), which reads the same rows the same way.
 */
@Component
public class EventStoreReader {

    /** The columns {@link #rowMapper()} reads, in its order: select these to map rows to {@link StoredEvent}s. */
    public static final String COLUMNS = "global_index, aggregate_identifier, sequence_number, payload_type, "
            + "payload_revision, payload, meta_data, time_stamp";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final RowMapper<StoredEvent> mapper = (rs, row) -> new StoredEvent(rs.getLong(1), rs.getString(2),
            rs.getLong(3), payload(rs.getString(4), rs.getString(5), rs.getBytes(6)), metaData(rs.getBytes(7)),
            Instant.parse(rs.getString(8)));

    EventStoreReader(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** Maps a row of {@link #COLUMNS} to a deserialized event, for queries of the caller's own. */
    public RowMapper<StoredEvent> rowMapper() {
        return mapper;
    }

    /** Committed events after {@code position}, oldest first (gaps are the caller's business). */
    public List<StoredEvent> after(long position, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM domain_event_entry WHERE global_index > ? "
                + "ORDER BY global_index LIMIT ?", mapper, position, limit);
    }

    /** Committed events with positions in (after, upTo], oldest first. */
    public List<StoredEvent> between(long after, long upTo, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM domain_event_entry WHERE global_index > ? AND global_index <= ? "
                + "ORDER BY global_index LIMIT ?", mapper, after, upTo, limit);
    }

    /** A staff member's events up to and including {@code version}, in version order. */
    public List<StoredEvent> history(String staffId, long upToVersion) {
        return jdbc.query("SELECT " + COLUMNS + " FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND sequence_number <= ? ORDER BY sequence_number", mapper, staffId, upToVersion);
    }

    public long maxPosition() {
        Long max = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

    /** The first transaction id not yet assigned: every transaction that might be writing now is below it. */
    public long snapshotXmax() {
        return jdbc.queryForObject("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", Long.class);
    }

    /** The oldest transaction id still running (or xmax when none is). */
    public long snapshotXmin() {
        return jdbc.queryForObject("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", Long.class);
    }

    private StaffMemberEvent payload(String type, String revision, byte[] bytes) {
        return (StaffMemberEvent) serializer.deserialize(
                new SimpleSerializedObject<>(bytes, byte[].class, type, revision));
    }

    private MetaData metaData(byte[] bytes) {
        if (bytes == null) {
            return MetaData.emptyInstance();
        }
        Object metaData = serializer.deserialize(new SerializedMetaData<>(bytes, byte[].class));
        return metaData instanceof MetaData m ? m : MetaData.emptyInstance();
    }
}
