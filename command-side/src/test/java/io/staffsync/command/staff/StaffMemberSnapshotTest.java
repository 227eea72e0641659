package io.staffsync.command.staff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.staffsync.api.staff.EmploymentType;
import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.FieldValue;
import io.staffsync.api.staff.StaffDetails;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.conflict.ConflictOutcome;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.FieldConflict;
import io.staffsync.api.staff.event.StaffConflictRaisedEvent;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot is the aggregate as JSON, written and read by the application's Jackson mapper. What comes back
 * must be the same aggregate as one rebuilt from the events (which are JSON too).
 */
class StaffMemberSnapshotTest {

    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();
    private static final StaffDetails ADA = new StaffDetails("Ada", "Lovelace", "ada@example.org", null, "Engineer",
            "Analytics", EmploymentType.FULL_TIME, 40, Set.of("axon", "java"), null);
    private static final UUID CONFLICT_ID = UUID.fromString("6f1c2a4e-0b7d-4c59-9a38-2f4e6d8b1c03");

    @Test
    void a_staff_member_with_a_pending_conflict_survives_the_snapshot_round_trip() throws Exception {
        StaffMember member = new StaffMember();
        member.on(stored(new StaffMemberRegisteredEvent("s1", ADA, "hired")), 0);
        member.on(stored(new StaffMemberUpdatedEvent("s1", List.of(
                new FieldChange(StaffField.SKILLS, Set.of("axon", "java"), Set.of("axon", "kotlin"))), 0, null, null)), 1);
        member.on(stored(new StaffConflictRaisedEvent("s1",
                new ConflictOutcome(ConflictStrategy.USER_CHOICE, 0, 1, List.of(new FieldConflict(StaffField.SKILLS,
                        Set.of("axon", "java"), Set.of("axon", "kotlin"), Set.of("spring"), 1L, "bob", null, null)),
                        CONFLICT_ID),
                List.of(new FieldValue(StaffField.SKILLS, Set.of("spring")),
                        new FieldValue(StaffField.EMPLOYMENT_TYPE, EmploymentType.PART_TIME),
                        new FieldValue(StaffField.WEEKLY_HOURS, 20)),
                "alice", "cut hours", Instant.parse("2030-01-01T00:00:00Z"), ConflictStrategy.MERGE_CHANGES)), 2);

        JsonNode snapshot = JSON.readTree(JSON.writeValueAsBytes(member));
        StaffMember restored = JSON.treeToValue(snapshot, StaffMember.class);

        assertThat(snapshot.path("pendingConflicts").size()).isEqualTo(1);
        assertThat(restored).usingRecursiveComparison().isEqualTo(member);
        assertThat(JSON.writeValueAsString(restored)).isEqualTo(JSON.writeValueAsString(member));
    }

    /** An event as the aggregate gets it from the event store: through JSON. */
    @SuppressWarnings("unchecked")
    private static <T> T stored(T event) throws Exception {
        return (T) JSON.readValue(JSON.writeValueAsBytes(event), event.getClass());
    }
}
