package io.staffsync.query.audit;

import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.FieldValue;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.StaffMetaData;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.event.StaffConflictExpiredEvent;
import io.staffsync.api.staff.event.StaffConflictRaisedEvent;
import io.staffsync.api.staff.event.StaffConflictResolvedEvent;
import io.staffsync.api.staff.event.StaffMemberDeactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberEvent;
import io.staffsync.api.staff.event.StaffMemberReactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import io.staffsync.api.staff.wire.ChangeType;
import io.staffsync.query.live.StoredEvent;

import java.time.Instant;
import java.util.List;

/**
 * One stored event as an auditor reads it: where it sits (global {@code position}, the staff member's
 * {@code version}), what it says ({@code type} in the vocabulary of the live feed, {@code eventType} the stored
 * event class, field diffs, reason, conflict settlement) and who caused it (actor, client, command, when).
 * A registration lists every field it set as a change from nothing. {@code conflict} carries the strategy and
 * each contested field's outcome; a raised conflict also has what was {@code requested}, its
 * {@code expiresAt} and {@code fallback}.
 */
public record AuditEntry(
        long position,
        String staffId,
        long version,
        ChangeType type,
        String eventType,
        List<FieldChange> changes,
        String reason,
        Long basedOnVersion,
        ConflictOutcome conflict,
        List<FieldValue> requested,
        Instant expiresAt,
        ConflictStrategy fallback,
        String actor,
        String clientId,
        String commandId,
        Instant issuedAt,
        Instant occurredAt) {

    static AuditEntry of(StoredEvent event) {
        StaffMemberEvent payload = event.payload();
        ChangeType type;
        List<FieldChange> changes = List.of();
        String reason = null;
        Long basedOn = null;
        ConflictOutcome conflict = null;
        List<FieldValue> requested = null;
        Instant expiresAt = null;
        ConflictStrategy fallback = null;
        if (payload instanceof StaffMemberRegisteredEvent registered) {
            type = ChangeType.REGISTERED;
            changes = StaffField.changesBetween(StaffDetails.EMPTY, registered.details());
            reason = registered.reason();
        } else if (payload instanceof StaffMemberUpdatedEvent updated) {
            type = ChangeType.UPDATED;
            changes = updated.changes();
            reason = updated.reason();
            basedOn = updated.basedOnVersion();
            conflict = updated.conflict();
        } else if (payload instanceof StaffMemberDeactivatedEvent deactivated) {
            type = ChangeType.DEACTIVATED;
            reason = deactivated.reason();
            basedOn = deactivated.basedOnVersion();
        } else if (payload instanceof StaffMemberReactivatedEvent reactivated) {
            type = ChangeType.REACTIVATED;
            reason = reactivated.reason();
            basedOn = reactivated.basedOnVersion();
        } else if (payload instanceof StaffConflictRaisedEvent raised) {
            type = ChangeType.CONFLICT_RAISED;
            reason = raised.reason();
            conflict = raised.conflict();
            basedOn = conflict == null ? null : conflict.basedOnVersion();
            requested = raised.requested();
            expiresAt = raised.expiresAt();
            fallback = raised.fallback();
        } else if (payload instanceof StaffConflictResolvedEvent resolved) {
            type = ChangeType.CONFLICT_RESOLVED;
            reason = resolved.reason();
            conflict = resolved.conflict();
        } else if (payload instanceof StaffConflictExpiredEvent expired) {
            type = ChangeType.CONFLICT_EXPIRED;
            conflict = expired.conflict();
        } else {
            throw new IllegalStateException("no audit entry for " + payload);
        }
        return new AuditEntry(event.position(), event.staffId(), event.version(), type,
                payload.getClass().getSimpleName(), changes, reason, basedOn, conflict, requested, expiresAt,
                fallback, text(event, StaffMetaData.ACTOR), text(event, StaffMetaData.CLIENT_ID),
                text(event, StaffMetaData.COMMAND_ID), instant(event, StaffMetaData.ISSUED_AT), event.occurredAt());
    }

    private static String text(StoredEvent event, String key) {
        Object value = event.metaData().get(key);
        return value == null ? null : value.toString();
    }

    private static Instant instant(StoredEvent event, String key) {
        String value = text(event, key);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            // metadata is what the intake wrote; an unreadable value is shown as absent rather than failing the read
            return null;
        }
    }
}
