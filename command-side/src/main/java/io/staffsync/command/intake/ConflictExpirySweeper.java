package io.staffsync.command.intake;

import io.staffsync.api.staff.command.ExpireStaffConflictCommand;
import io.staffsync.api.staff.wire.CommandStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Expires pending conflicts whose deadline passed. Any node may run it at the same time: the expire command
 * id is derived from the conflict id, so a second node's attempt is answered DUPLICATE, and the aggregate
 * ignores a conflict that was settled meanwhile.
 */
@Component
class ConflictExpirySweeper {

    private static final Logger log = LoggerFactory.getLogger(ConflictExpirySweeper.class);
    private static final int BATCH = 100;

    private final JdbcTemplate jdbc;
    private final StaffCommandIntake intake;

    ConflictExpirySweeper(JdbcTemplate jdbc, StaffCommandIntake intake) {
        this.jdbc = jdbc;
        this.intake = intake;
    }

    @Scheduled(fixedDelayString = "${staffsync.conflict.expiry-sweep-interval:5s}",
            initialDelayString = "${staffsync.conflict.expiry-sweep-interval:5s}")
    void expireDueConflicts() {
        List<ExpireStaffConflictCommand> due = jdbc.query("""
                        SELECT conflict_id, staff_id FROM conflict_deadline
                        WHERE expires_at <= now() ORDER BY expires_at LIMIT ?""",
                (rs, row) -> {
                    UUID conflictId = rs.getObject(1, UUID.class);
                    UUID commandId = UUID.nameUUIDFromBytes(("expire:" + conflictId).getBytes(StandardCharsets.UTF_8));
                    return new ExpireStaffConflictCommand(commandId, rs.getString(2), conflictId);
                }, BATCH);
        for (ExpireStaffConflictCommand expire : due) {
            CommandStatus status = intake.submitAsSystem(expire).status();
            if (status != CommandStatus.ACCEPTED && status != CommandStatus.DUPLICATE) {
                log.warn("could not expire conflict {} on staff member {}: {}", expire.conflictId(), expire.staffId(),
                        status);
            }
        }
    }
}
