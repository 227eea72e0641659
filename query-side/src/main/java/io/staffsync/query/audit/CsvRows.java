package io.staffsync.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.FieldConflict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The global log flattened for spreadsheets: one row per field change, so a filter on {@code field} shows a
 * field's whole story. A contested field that did not change (a pending, rejected or kept value) gets a row of
 * its own with its outcome, theirs and mine; an event that touches no field (a deactivation) gets one row with
 * the field columns empty. RFC 4180: comma separated, CRLF line ends, a header row, and a value with a comma,
 * quote or line break in double quotes (quotes doubled). Values are written as stored: text as is, lists as
 * JSON arrays, nothing as an empty cell. The JSON and NDJSON forms keep everything else (requested changes of a
 * raised conflict, base values, results).
 */
final class CsvRows {

    static final List<String> HEADER = List.of("position", "staff_id", "version", "type", "event_type",
            "occurred_at", "actor", "client_id", "command_id", "reason", "field", "old_value", "new_value",
            "conflict_id", "conflict_strategy", "field_outcome", "theirs", "mine");

    private final ObjectMapper json;

    CsvRows(ObjectMapper json) {
        this.json = json;
    }

    static String header() {
        return line(HEADER);
    }

    /** The rows of one event, each ending in CRLF. */
    String rows(AuditEntry entry) {
        ConflictOutcome conflict = entry.conflict();
        Map<StaffField, FieldConflict> contested = new LinkedHashMap<>();
        if (conflict != null) {
            conflict.contested().forEach(c -> contested.put(c.field(), c));
        }
        StringBuilder out = new StringBuilder();
        for (FieldChange change : entry.changes()) {
            out.append(row(entry, change.field(), change.oldValue(), change.newValue(), contested.remove(change.field())));
        }
        for (FieldConflict unchanged : contested.values()) {
            out.append(row(entry, unchanged.field(), null, null, unchanged));
        }
        if (out.isEmpty()) {
            out.append(row(entry, null, null, null, null));
        }
        return out.toString();
    }

    private String row(AuditEntry e, StaffField field, Object oldValue, Object newValue, FieldConflict contested) {
        ConflictOutcome conflict = e.conflict();
        List<String> cells = new ArrayList<>(Arrays.asList(String.valueOf(e.position()), e.staffId(),
                String.valueOf(e.version()), e.type().name(), e.eventType(), text(e.occurredAt()), e.actor(),
                e.clientId(), e.commandId(), e.reason(), field == null ? null : field.wireName(), text(oldValue),
                text(newValue), conflict == null ? null : text(conflict.conflictId()),
                conflict == null ? null : text(conflict.strategy()),
                contested == null ? null : text(contested.outcome()),
                contested == null ? null : text(contested.theirs()),
                contested == null ? null : text(contested.mine())));
        return line(cells);
    }

    private String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Instant
                || value instanceof UUID) {
            return value.toString();
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("value not writable as JSON: " + value, e);
        }
    }

    private static String line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(quote(cells.get(i)));
        }
        return line.append("\r\n").toString();
    }

    static String quote(String cell) {
        if (cell == null) {
            return "";
        }
        boolean needsQuotes = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                || cell.indexOf('\r') >= 0 || !cell.equals(cell.strip());
        return needsQuotes ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
