package io.staffsync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Continues the stored histories of staff members with copies of their own first two updates (weeklyHours
 * 40 -> 41 at version 1, 41 -> 40 at version 2), alternating, so that every history stays consistent however long
 * it gets. Each staff member's next copy follows its newest stored event.
 */
final class HistoryCopies {

    private final List<String> staff;
    private final List<EventRow[]> updates = new ArrayList<>();
    private final long[] next;

    private HistoryCopies(List<String> staff, long[] next) {
        this.staff = List.copyOf(staff);
        this.next = next;
    }

    /** Reads the two updates of each staff member, who must have them, and where each history ends. */
    static HistoryCopies of(ServerUnderTest server, List<String> staff) throws SQLException {
        long[] next = new long[staff.size()];
        try (Connection connection = server.openJdbc();
             PreparedStatement query = connection.prepareStatement("SELECT max(sequence_number) FROM "
                     + "domain_event_entry WHERE aggregate_identifier = ?")) {
            for (int s = 0; s < staff.size(); s++) {
                query.setString(1, staff.get(s));
                try (ResultSet max = query.executeQuery()) {
                    max.next();
                    next[s] = max.getLong(1) + 1;
                }
            }
        }
        HistoryCopies copies = new HistoryCopies(staff, next);
        for (String id : staff) {
            copies.updates.add(new EventRow[] {EventRow.at(server, id, 1), EventRow.at(server, id, 2)});
        }
        return copies;
    }

    int size() {
        return staff.size();
    }

    /** Binds the next copy of staff member {@code s}'s history to {@code insert} ({@link EventRow#INSERT_COLUMNS}). */
    void bindNext(PreparedStatement insert, int s, Instant at) throws SQLException {
        long sequence = next[s]++;
        updates.get(s)[sequence % 2 == 1 ? 0 : 1].bind(insert, staff.get(s), sequence, at);
    }
}
