package io.staffsync.command.intake;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Looks up where in the global event log a staff member's version was stored. */
@Component
class EventPositions {

    private final JdbcTemplate jdbc;

    EventPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The global position of the event that produced {@code version}, or null if there is none. */
    Long positionOf(String staffId, long version) {
        return jdbc.query("""
                        SELECT global_index FROM domain_event_entry
                        WHERE aggregate_identifier = ? AND sequence_number = ?""",
                (rs, row) -> rs.getLong(1), staffId, version).stream().findFirst().orElse(null);
    }
}
