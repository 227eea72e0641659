package io.staffsync.api.staff.wire;

import java.util.Map;
import java.util.UUID;

/**
 * The JSON body a client SENDs to {@code /app/staff.*}. Which members matter depends on the destination:
 * create uses {@code fields} (and an optional {@code staffId}); update uses {@code changes} and
 * {@code expectedVersion}; deactivate and reactivate use {@code expectedVersion}. Keys of
 * {@code fields}/{@code changes} are field wire names ({@code firstName}, {@code weeklyHours}, ...).
 */
public record StaffCommandRequest(
        UUID commandId,
        String staffId,
        Long expectedVersion,
        Map<String, Object> changes,
        Map<String, Object> fields,
        String reason) {
}
