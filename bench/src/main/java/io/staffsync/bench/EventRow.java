package io.staffsync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * The stored form of one real event the server wrote in this run, to copy into other rows: the same
 * payload and metadata bytes, under another aggregate, sequence number and event id.
 */
record EventRow(String type, byte[] metaData, byte[] payload, String payloadRevision, String payloadType) {

    static final String INSERT_COLUMNS = "aggregate_identifier, sequence_number, type, event_identifier, meta_data, "
            + "payload, payload_revision, payload_type, time_stamp";

    /** The staff member's newest event. */
    static EventRow latest(ServerUnderTest server, String staffId) throws SQLException {
        return read(server, "SELECT type, meta_data, payload, payload_revision, payload_type FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1", staffId, null);
    }

    static EventRow at(ServerUnderTest server, String staffId, long sequenceNumber) throws SQLException {
        return read(server, "SELECT type, meta_data, payload, payload_revision, payload_type FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND sequence_number = ?", staffId, sequenceNumber);
    }

    private static EventRow read(ServerUnderTest server, String sql, String staffId, Long sequenceNumber)
            throws SQLException {
        try (Connection connection = server.openJdbc(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, staffId);
            if (sequenceNumber != null) {
                query.setLong(2, sequenceNumber);
            }
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no stored event of " + staffId + " to copy");
                }
                return new EventRow(row.getString(1), row.getBytes(2), row.getBytes(3), row.getString(4),
                        row.getString(5));
            }
        }
    }

    /** Binds the {@link #INSERT_COLUMNS} of a copy, with a fresh event id. */
    void bind(PreparedStatement insert, String aggregateId, long sequenceNumber, Instant at) throws SQLException {
        insert.setString(1, aggregateId);
        insert.setLong(2, sequenceNumber);
        insert.setString(3, type);
        insert.setString(4, UUID.randomUUID().toString());
        insert.setBytes(5, metaData);
        insert.setBytes(6, payload);
        insert.setString(7, payloadRevision);
        insert.setString(8, payloadType);
        insert.setString(9, at.toString());
    }
}
