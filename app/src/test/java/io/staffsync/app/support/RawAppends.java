package io.staffsync.app.support;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;

/**
 * Appends written behind the application's back, as Axon's JDBC engine writes them, in a transaction the test
 * holds: the way to make a position that commits late, or never (a rollback), while later ones commit.
 */
public final class RawAppends {

    private RawAppends() {
    }

    /**
     * Appends a registration in the caller's open transaction and returns its global position. {@code createdAt} is
     * the event's time stamp: Axon stamps an event when the handler creates it, before the transaction commits, so
     * a transaction that takes long to commit leaves an event that looks old when it becomes visible.
     */
    public static long registration(Connection transaction, String staffId, Instant createdAt) throws Exception {
        String payload = """
                {"staffId":"%s","details":{"firstName":"Late","lastName":"Commit","email":"%s@example.com",\
                "skills":[]},"reason":"gap test"}""".formatted(staffId, staffId);
        try (PreparedStatement insert = transaction.prepareStatement("""
                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES (?, ?, 0, 'StaffMember', ?, 'io.staffsync.api.staff.event.StaffMemberRegisteredEvent', null, ?, ?)
                RETURNING global_index""")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, staffId);
            insert.setString(3, createdAt.toString());
            insert.setBytes(4, payload.getBytes(StandardCharsets.UTF_8));
            insert.setBytes(5, "{\"actor\":\"gap-test\"}".getBytes(StandardCharsets.UTF_8));
            try (ResultSet position = insert.executeQuery()) {
                position.next();
                return position.getLong(1);
            }
        }
    }
}
