package io.staffsync.api.staff.wire;

import io.staffsync.api.staff.conflict.ConflictStrategy;

import java.util.Map;
import java.util.UUID;

/**
 * The JSON body a client SENDs to {@code /app/staff.*}. Which members matter depends on the destination:
 * create uses {@code fields} (and an optional {@code staffId}); update uses {@code changes} and
 * {@code expectedVersion}; deactivate and reactivate use {@code expectedVersion}. Keys of
 * {@code fields}/{@code changes} are field wire names ({@code firstName}, {@code weeklyHours}, ...).
 * {@code strategy} optionally names how a stale update is settled (when the server allows it).
 */
public record StaffCommandRequest(
        UUID commandId,
        String staffId,
        Long expectedVersion,
        Map<String, Object> changes,
        Map<String, Object> fields,
        String reason,
        ConflictStrategy strategy) {

    /** A request without a strategy of its own (the server's default applies). */
    public StaffCommandRequest(UUID commandId, String staffId, Long expectedVersion, Map<String, Object> changes,
                               Map<String, Object> fields, String reason) {
        this(commandId, staffId, expectedVersion, changes, fields, reason, null);
    }
}
