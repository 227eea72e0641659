package io.staffsync.command.staff;

import io.staffsync.api.staff.event.StaffConflictExpiredEvent;
import io.staffsync.api.staff.event.StaffConflictRaisedEvent;
import io.staffsync.api.staff.event.StaffConflictResolvedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Keeps {@code conflict_deadline} in step with pending conflicts, in the transaction that raises or settles
 * them (same subscribing processor as the email registry), so the expiry sweeper never misses a deadline
 * and never expires a settled conflict.
 */
@Component
@ProcessingGroup(ActiveEmailRegistry.PROCESSING_GROUP)
class ConflictDeadlines {

    private final JdbcTemplate jdbc;

    ConflictDeadlines(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(StaffConflictRaisedEvent event) {
        if (event.expiresAt() != null) {
            jdbc.update("INSERT INTO conflict_deadline (conflict_id, staff_id, expires_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT (conflict_id) DO NOTHING",
                    event.conflict().conflictId(), event.staffId(), Timestamp.from(event.expiresAt()));
        }
    }

    @EventHandler
    void on(StaffConflictResolvedEvent event) {
        jdbc.update("DELETE FROM conflict_deadline WHERE conflict_id = ?", event.conflict().conflictId());
    }

    @EventHandler
    void on(StaffConflictExpiredEvent event) {
        jdbc.update("DELETE FROM conflict_deadline WHERE conflict_id = ?", event.conflict().conflictId());
    }
}
