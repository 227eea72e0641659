package io.staffsync.query.live;

import io.staffsync.api.staff.event.StaffMemberEvent;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the event store table directly, in global position order, for the live feed and for resumes.
 * Payloads go through Axon's upcaster chain and event serializer, so they read exactly as the event handlers
 * and the aggregate see them: an event stored in an older shape arrives here upcast, like everywhere else.
 * Public for the audit API ({@code io.staffsync.query.audit}), which reads the same rows the same way.
 */
@Component
public class EventStoreReader {

    /** The columns {@link #rowMapper()} reads, in its order: select these to map rows to {@link StoredEvent}s. */
    public static final String COLUMNS = "global_index, aggregate_identifier, sequence_number, payload_type, "
            + "payload_revision, payload, meta_data, time_stamp";

    private static final byte[] NO_META_DATA = "{}".getBytes(StandardCharsets.UTF_8);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Configuration axon;
    private final RowMapper<StoredEvent> mapper = (rs, row) -> new StoredEvent(rs.getLong(1), rs.getString(2),
            rs.getLong(3), payload(rs.getString(2), rs.getLong(3), rs.getString(8), rs.getString(4), rs.getString(5),
                    rs.getBytes(6), rs.getBytes(7)), metaData(rs.getBytes(7)),
            Instant.parse(rs.getString(8)));

    /** {@code axon} is lazy: it supplies the upcaster chain at the first read, after Axon has been configured. */
    EventStoreReader(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer,
                     @Lazy Configuration axon) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.axon = axon;
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

    /** One staff member's committed events with positions in (after, upTo], oldest first. */
    public List<StoredEvent> between(String staffId, long after, long upTo, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND global_index > ? AND global_index <= ? ORDER BY global_index LIMIT ?", mapper, staffId, after,
                upTo, limit);
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

    /**
     * The transactions appending to the event store right now, by virtual transaction id. A position is handed out
     * by the sequence inside the INSERT, and PostgreSQL takes that statement's row-exclusive lock on
     * {@code domain_event_entry} before it evaluates the row's defaults and keeps it until the transaction ends. So
     * a position that is handed out but neither committed nor rolled back belongs to one of these transactions.
     * Transactions that write elsewhere, however long they run, are not among them.
     */
    public Set<String> appenders() {
        return Set.copyOf(jdbc.queryForList("""
                SELECT virtualtransaction FROM pg_locks
                WHERE locktype = 'relation' AND mode = 'RowExclusiveLock' AND granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND relation = 'domain_event_entry'::regclass""", String.class));
    }

    /** Whether any of these {@link #appenders()} is still running. */
    public boolean stillAppending(Set<String> appenders) {
        return !appenders.isEmpty() && !Collections.disjoint(appenders(), appenders);
    }

    private StaffMemberEvent payload(String staffId, long version, String timestamp, String type, String revision,
                                     byte[] bytes, byte[] metaData) {
        GenericDomainEventEntry<byte[]> row = new GenericDomainEventEntry<>(null, staffId, version, "", timestamp,
                type, revision, bytes, metaData == null ? NO_META_DATA : metaData);
        List<IntermediateEventRepresentation> upcast =
                axon.upcasterChain().upcast(Stream.of(new InitialEventRepresentation(row, serializer))).toList();
        if (upcast.size() != 1) {
            throw new IllegalStateException("upcasting " + type + " of " + staffId + " version " + version
                    + " gave " + upcast.size() + " events; the live feed reads one event per row");
        }
        return (StaffMemberEvent) serializer.deserialize(upcast.get(0).getData());
    }

    private MetaData metaData(byte[] bytes) {
        if (bytes == null) {
            return MetaData.emptyInstance();
        }
        Object metaData = serializer.deserialize(new SerializedMetaData<>(bytes, byte[].class));
        return metaData instanceof MetaData m ? m : MetaData.emptyInstance();
    }
}
