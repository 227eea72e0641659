package io.staffsync.query.audit;

import org.springframework.jdbc.core.RowMapper;

/**
 * A {@code domain_event_entry} row exactly as stored, every column, undeserialized: what the hash chain
 * covers. Reading it raw means a change to any byte shows, even one the serializer would read the same.
 */
record ChainedRow(long position, String eventIdentifier, String aggregateIdentifier, long sequenceNumber,
                  String type, String timeStamp, String payloadType, String payloadRevision, byte[] payload,
                  byte[] metaData) {

    static final String COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number, type, "
            + "time_stamp, payload_type, payload_revision, payload, meta_data";

    /** Maps {@link #COLUMNS} starting at column {@code first}. */
    static RowMapper<ChainedRow> mapper(int first) {
        return (rs, row) -> new ChainedRow(rs.getLong(first), rs.getString(first + 1), rs.getString(first + 2),
                rs.getLong(first + 3), rs.getString(first + 4), rs.getString(first + 5), rs.getString(first + 6),
                rs.getString(first + 7), rs.getBytes(first + 8), rs.getBytes(first + 9));
    }
}
