package io.staffsync.command.intake;

import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.command.UpdateStaffMemberCommand;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.MergeTieBreak;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaffCommandTranslatorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final ConflictProperties MERGE_BY_DEFAULT_ONLY_LWW_ALLOWED = new ConflictProperties(
            ConflictStrategy.MERGE_CHANGES, EnumSet.of(ConflictStrategy.LAST_WRITER_WINS), MergeTieBreak.TAKE_MINE,
            Duration.ofMinutes(3), ConflictStrategy.LAST_WRITER_WINS);

    @Test
    void an_update_without_a_strategy_gets_the_configured_default_tie_break_and_deadline() {
        UpdateStaffMemberCommand command = update(null);

        assertThat(command.strategy()).isEqualTo(ConflictStrategy.MERGE_CHANGES);
        assertThat(command.tieBreak()).isEqualTo(MergeTieBreak.TAKE_MINE);
        assertThat(command.choiceDeadline()).isEqualTo(NOW.plus(Duration.ofMinutes(3)));
        assertThat(command.choiceFallback()).isEqualTo(ConflictStrategy.LAST_WRITER_WINS);
        assertThat(command.changes()).containsEntry(StaffField.ROLE, "Lead");
    }

    @Test
    void a_client_may_name_an_allowed_strategy_or_the_default() {
        assertThat(update(ConflictStrategy.LAST_WRITER_WINS).strategy()).isEqualTo(ConflictStrategy.LAST_WRITER_WINS);
        assertThat(update(ConflictStrategy.MERGE_CHANGES).strategy()).isEqualTo(ConflictStrategy.MERGE_CHANGES);
    }

    @Test
    void a_strategy_the_server_does_not_allow_per_command_is_rejected_naming_the_field() {
        assertThatThrownBy(() -> update(ConflictStrategy.USER_CHOICE))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
                    assertThat(e.field()).isEqualTo("strategy");
                    assertThat(e.getMessage()).contains("LAST_WRITER_WINS");
                });
    }

    @Test
    void staff_ids_that_would_share_a_topic_with_a_department_or_presence_are_rejected() {
        for (String staffId : new String[] {"department.Ops", "x.presence"}) {
            assertThatThrownBy(() -> StaffCommandTranslator.translate(CommandKind.CREATE,
                    new StaffCommandRequest(UUID.randomUUID(), staffId, null, null,
                            Map.of("firstName", "A", "lastName", "B", "email", "a@b.io"), null),
                    MERGE_BY_DEFAULT_ONLY_LWW_ALLOWED, NOW))
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo("staffId"));
        }
    }

    private static UpdateStaffMemberCommand update(ConflictStrategy strategy) {
        return (UpdateStaffMemberCommand) StaffCommandTranslator.translate(CommandKind.UPDATE,
                new StaffCommandRequest(UUID.randomUUID(), "s1", 0L, Map.of("role", "Lead"), null, null, strategy),
                MERGE_BY_DEFAULT_ONLY_LWW_ALLOWED, NOW);
    }
}
