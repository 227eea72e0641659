package io.staffsync.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.event.StaffMemberDeactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberReactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import io.staffsync.api.staff.query.StaffMemberView;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a staff member's events straight from the event store table, as an auditor would, and folds them
 * into the state they imply. Independent of the projection, so it can judge it.
 */
public final class EventLog {

    private EventLog() {
    }

    public record StoredEvent(long position, long sequenceNumber, String payloadType, JsonNode payload,
                              JsonNode metaData) {
    }

    public static List<StoredEvent> of(JdbcTemplate jdbc, String staffId) {
        return jdbc.query("""
                        SELECT global_index, sequence_number, payload_type, payload, meta_data
                        FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number""",
                (rs, row) -> new StoredEvent(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        json(rs.getBytes(4)), json(rs.getBytes(5))), staffId);
    }

    public static StaffMemberView replay(List<StoredEvent> events) {
        String staffId = null;
        StaffDetails details = null;
        boolean active = false;
        long version = -1;
        for (StoredEvent event : events) {
            Object payload = payload(event);
            if (payload instanceof StaffMemberRegisteredEvent registered) {
                staffId = registered.staffId();
                details = registered.details();
                active = true;
            } else if (payload instanceof StaffMemberUpdatedEvent updated) {
                for (FieldChange change : updated.changes()) {
                    details = change.field().with(details, change.newValue());
                }
            } else if (payload instanceof StaffMemberDeactivatedEvent) {
                active = false;
            } else if (payload instanceof StaffMemberReactivatedEvent) {
                active = true;
            }
            version = event.sequenceNumber();
        }
        return StaffMemberView.of(staffId, version, active, details);
    }

    public static Object payload(StoredEvent event) {
        try {
            return StompTestClient.JSON.treeToValue(event.payload(), Class.forName(event.payloadType()));
        } catch (Exception e) {
            throw new IllegalStateException("unreadable stored event " + event, e);
        }
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return StompTestClient.JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("stored bytes are not JSON", e);
        }
    }
}
