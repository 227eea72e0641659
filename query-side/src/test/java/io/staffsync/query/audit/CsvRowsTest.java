package io.staffsync.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.FieldConflict;
import io.staffsync.api.staff.conflict.FieldOutcome;
import io.staffsync.api.staff.wire.ChangeType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvRowsTest {

    private final CsvRows csv = new CsvRows(new ObjectMapper());

    @Test
    void cells_with_commas_quotes_line_breaks_or_edge_spaces_are_quoted_and_quotes_doubled() {
        assertThat(CsvRows.quote("plain")).isEqualTo("plain");
        assertThat(CsvRows.quote(null)).isEmpty();
        assertThat(CsvRows.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvRows.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvRows.quote("one\r\ntwo")).isEqualTo("\"one\r\ntwo\"");
        assertThat(CsvRows.quote(" padded")).isEqualTo("\" padded\"");
    }

    @Test
    void a_change_per_row_and_a_row_for_each_contested_field_that_did_not_change() {
        ConflictOutcome conflict = new ConflictOutcome(ConflictStrategy.MERGE_CHANGES, 0, 2, List.of(
                new FieldConflict(StaffField.ROLE, null, "Lead", "Architect", 1L, "alice", FieldOutcome.MINE, "Architect"),
                new FieldConflict(StaffField.NOTES, null, "x", "y", 2L, "alice", FieldOutcome.THEIRS, "x")));
        AuditEntry entry = entry(List.of(new FieldChange(StaffField.ROLE, "Lead", "Architect"),
                new FieldChange(StaffField.SKILLS, List.of("a"), List.of("a", "b"))), conflict);

        List<String> rows = csv.rows(entry).lines().toList();

        assertThat(rows).containsExactly(
                "5,s1,3,UPDATED,StaffMemberUpdatedEvent,2026-01-31T12:00:00Z,bob,,,,role,Lead,Architect,,MERGE_CHANGES,MINE,Lead,Architect",
                "5,s1,3,UPDATED,StaffMemberUpdatedEvent,2026-01-31T12:00:00Z,bob,,,,skills,\"[\"\"a\"\"]\",\"[\"\"a\"\",\"\"b\"\"]\",,MERGE_CHANGES,,,",
                "5,s1,3,UPDATED,StaffMemberUpdatedEvent,2026-01-31T12:00:00Z,bob,,,,notes,,,,MERGE_CHANGES,THEIRS,x,y");
        assertThat(csv.rows(entry)).endsWith("\r\n");
        assertThat(CsvRows.header().split(",")).hasSize(18);
    }

    @Test
    void an_event_without_field_changes_is_one_row() {
        assertThat(csv.rows(entry(List.of(), null)).lines().toList())
                .containsExactly("5,s1,3,UPDATED,StaffMemberUpdatedEvent,2026-01-31T12:00:00Z,bob,,,,,,,,,,,");
    }

    private static AuditEntry entry(List<FieldChange> changes, ConflictOutcome conflict) {
        return new AuditEntry(5, "s1", 3, ChangeType.UPDATED, "StaffMemberUpdatedEvent", changes, null, 1L, conflict,
                null, null, null, "bob", null, null, null, Instant.parse("2026-01-31T12:00:00Z"));
    }
}
