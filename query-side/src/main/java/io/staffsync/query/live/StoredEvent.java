package io.staffsync.query.live;

import io.staffsync.api.staff.event.StaffMemberEvent;
import org.axonframework.messaging.MetaData;

import java.time.Instant;

/** One event as read from the event store table, deserialized. */
public record StoredEvent(long position, String staffId, long version, StaffMemberEvent payload, MetaData metaData,
                   Instant occurredAt) {
}
