package io.staffsync.query.audit;

import io.staffsync.query.live.EventStoreReader;
import io.staffsync.query.live.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads long stretches of the event store through a server-side cursor: PostgreSQL's driver fetches
 * {@code staffsync.audit.fetch-size} rows at a time when the statement runs in a transaction with a fetch size,
 * so an export of the whole log never holds more than one fetch in memory.
 */
@Component
class EventCursor {

    private final JdbcTemplate jdbc;
    private final EventStoreReader store;
    private final TransactionTemplate readOnly;
    private final int fetchSize;

    EventCursor(JdbcTemplate jdbc, EventStoreReader store, PlatformTransactionManager transactions,
                AuditProperties properties) {
        this.jdbc = jdbc;
        this.store = store;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.fetchSize = properties.fetchSize();
    }

    /** Events with positions in (after, upTo], oldest first, at most {@code limit}, until the sink returns false. */
    void positions(long after, long upTo, long limit, Predicate<StoredEvent> sink) {
        scan("SELECT " + EventStoreReader.COLUMNS + " FROM domain_event_entry WHERE global_index > ? "
                + "AND global_index <= ? ORDER BY global_index LIMIT ?", store.rowMapper(), sink, after, upTo, limit);
    }

    /**
     * Events of staff members with ids after {@code afterStaffId}, stamped no later than {@code at} (and a
     * millisecond more: the caller compares exact instants, PostgreSQL only keeps microseconds), by staff
     * member and version.
     */
    void stampedUpTo(Instant at, String afterStaffId, Predicate<StoredEvent> sink) {
        scan("SELECT " + EventStoreReader.COLUMNS + " FROM domain_event_entry WHERE aggregate_identifier > ? "
                        + "AND time_stamp::timestamptz <= ?::timestamptz ORDER BY aggregate_identifier, sequence_number",
                store.rowMapper(), sink, afterStaffId, at.plusMillis(1).toString());
    }

    /** Runs {@code sql} in one read-only snapshot and hands each mapped row to {@code sink} while it says so. */
    <T> void scan(String sql, RowMapper<T> mapper, Predicate<T> sink, Object... args) {
        ResultSetExtractor<Void> walk = rs -> {
            int row = 0;
            while (rs.next()) {
                if (!sink.test(mapper.mapRow(rs, row++))) {
                    break;
                }
            }
            return null;
        };
        readOnly.executeWithoutResult(status -> jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.setFetchSize(fetchSize);
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement;
        }, walk));
    }

    /** Runs {@code work} in the same kind of read-only snapshot, for reads that must agree with each other. */
    <T> T inSnapshot(Supplier<T> work) {
        return readOnly.execute(status -> work.get());
    }
}
