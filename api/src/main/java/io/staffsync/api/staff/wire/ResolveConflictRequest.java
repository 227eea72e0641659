package io.staffsync.api.staff.wire;

import io.staffsync.api.staff.conflict.FieldChoice;

import java.util.Map;
import java.util.UUID;

/**
 * The body of {@code SEND /app/conflict.resolve}: a choice for every contested field of a pending conflict,
 * keyed by field wire name, e.g. {@code {"role": {"choice": "MINE"}, "notes": {"choice": "VALUE", "value": "…"}}}.
 */
public record ResolveConflictRequest(
        UUID commandId,
        String staffId,
        Long expectedVersion,
        UUID conflictId,
        Map<String, FieldChoice> choices,
        String reason) {
}
