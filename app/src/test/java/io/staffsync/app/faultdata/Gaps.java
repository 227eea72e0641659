package io.staffsync.app.faultdata;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.app.support.RawAppends;
import io.staffsync.app.support.StompTestClient;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Holes in the global position sequence, made on purpose: an append in a transaction the test holds open, as
 * Axon's JDBC engine would write it, so that later positions commit first.
 */
final class Gaps {

    static final String DIRECTORY = "staff-directory";

    private Gaps() {
    }

    /**
     * Appends a registration in the caller's open transaction and returns its global position. {@code createdAt} is
     * the event's time stamp: Axon stamps an event when the handler creates it, before the transaction commits, so
     * a transaction that takes long to commit leaves an event that looks old when it becomes visible.
     */
    static long appendRegistration(Connection transaction, String staffId, Instant createdAt) throws Exception {
        transaction.setAutoCommit(false);
        return RawAppends.registration(transaction, staffId, createdAt);
    }

    /** The directory's version of this staff member, if it has a row. */
    static Optional<Long> directoryVersion(JdbcTemplate jdbc, String staffId) {
        return jdbc.queryForList("SELECT version FROM staff_directory WHERE staff_id = ?", Long.class, staffId)
                .stream().findFirst();
    }

    /** The positions the directory's tracking token still waits for (its single segment's gaps). */
    static List<Long> tokenGaps(JdbcTemplate jdbc) throws Exception {
        byte[] token = jdbc.queryForObject("SELECT token FROM token_entry WHERE processor_name = ? AND segment = 0",
                byte[].class, DIRECTORY);
        JsonNode json = StompTestClient.JSON.readTree(new String(token, StandardCharsets.UTF_8));
        JsonNode tracked = json.has("tokenAtReset") ? json.path("currentToken") : json;
        List<Long> gaps = new ArrayList<>();
        tracked.path("gaps").forEach(gap -> gaps.add(gap.asLong()));
        return gaps;
    }

    static long head(JdbcTemplate jdbc) {
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }
}
