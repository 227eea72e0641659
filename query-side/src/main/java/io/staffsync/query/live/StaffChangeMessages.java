package io.staffsync.query.live;

import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.StaffMetaData;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.event.StaffConflictExpiredEvent;
import io.staffsync.api.staff.event.StaffConflictRaisedEvent;
import io.staffsync.api.staff.event.StaffConflictResolvedEvent;
import io.staffsync.api.staff.event.StaffMemberDeactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberEvent;
import io.staffsync.api.staff.event.StaffMemberReactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.ChangeType;
import io.staffsync.api.staff.wire.StaffChangeMessage;

import java.util.List;

/** Turns a stored event and the state after it into the message subscribers receive. */
final class StaffChangeMessages {

    static final String ALL_STAFF = "/topic/staff";
    static final String ONE_STAFF_PREFIX = "/topic/staff.";
    static final String DEPARTMENT_PREFIX = "/topic/staff.department.";

    private StaffChangeMessages() {
    }

    static StaffChangeMessage of(StoredEvent event, StaffMemberView state) {
        StaffMemberEvent payload = event.payload();
        ChangeType type;
        List<FieldChange> changes = List.of();
        ConflictOutcome conflict = null;
        if (payload instanceof StaffMemberRegisteredEvent registered) {
            type = ChangeType.REGISTERED;
            changes = StaffField.changesBetween(StaffDetails.EMPTY, registered.details());
        } else if (payload instanceof StaffMemberUpdatedEvent updated) {
            type = ChangeType.UPDATED;
            changes = updated.changes();
            conflict = updated.conflict();
        } else if (payload instanceof StaffMemberDeactivatedEvent) {
            type = ChangeType.DEACTIVATED;
        } else if (payload instanceof StaffMemberReactivatedEvent) {
            type = ChangeType.REACTIVATED;
        } else if (payload instanceof StaffConflictRaisedEvent raised) {
            type = ChangeType.CONFLICT_RAISED;
            conflict = raised.conflict();
        } else if (payload instanceof StaffConflictResolvedEvent resolved) {
            type = ChangeType.CONFLICT_RESOLVED;
            conflict = resolved.conflict();
        } else if (payload instanceof StaffConflictExpiredEvent expired) {
            type = ChangeType.CONFLICT_EXPIRED;
            conflict = expired.conflict();
        } else {
            throw new IllegalStateException("no change message for " + payload);
        }
        return new StaffChangeMessage(event.position(), event.staffId(), event.version(), type, changes, state,
                (String) event.metaData().get(StaffMetaData.ACTOR), (String) event.metaData().get(StaffMetaData.CLIENT_ID),
                (String) event.metaData().get(StaffMetaData.COMMAND_ID), event.occurredAt(), conflict);
    }

    static StaffChangeMessage resyncRequired(long position) {
        return new StaffChangeMessage(position, null, -1, ChangeType.RESYNC_REQUIRED, List.of(), null, null, null,
                null, null, null);
    }

    /** The destinations a change is published to. */
    static List<String> destinations(StaffChangeMessage message) {
        String department = message.state() == null ? null : message.state().department();
        return department == null
                ? List.of(ALL_STAFF, ONE_STAFF_PREFIX + message.staffId())
                : List.of(ALL_STAFF, ONE_STAFF_PREFIX + message.staffId(), DEPARTMENT_PREFIX + department);
    }

    /**
     * The one staff member whose changes a subscription to {@code destination} receives, or null if it receives
     * other staff members' too. {@code /topic/staff.department.*} is a department's, whatever follows.
     */
    static String staffOf(String destination) {
        return destination.startsWith(ONE_STAFF_PREFIX) && !destination.startsWith(DEPARTMENT_PREFIX)
                ? destination.substring(ONE_STAFF_PREFIX.length()) : null;
    }

    /** Whether a subscription to {@code destination} receives {@code message}. */
    static boolean matches(String destination, StaffChangeMessage message) {
        return destinations(message).contains(destination);
    }
}
