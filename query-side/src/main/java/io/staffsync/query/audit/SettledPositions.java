package io.staffsync.query.audit;

import io.staffsync.query.live.EventStoreReader;
import io.staffsync.query.live.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;

/**
 * Decides how far the global log may be handed out. Positions come from a sequence, so N+1 can commit
 * before N: a reader that moved its cursor past a missing N would never see N if it commits later. Positions
 * are only handed out up to a high-water mark below which nothing can commit any more, decided as the live
 * feed's gap rule does (ADR 0004): note the transactions appending after reading the newest position, and once
 * all of them have ended, each missing position below that newest one is a rolled-back append, gone for good.
 */
@Component
class SettledPositions {

    private final EventStoreReader store;
    private final JdbcTemplate jdbc;
    private final AuditProperties properties;

    SettledPositions(EventStoreReader store, JdbcTemplate jdbc, AuditProperties properties) {
        this.store = store;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * A position at or above {@code after} up to which every event that will ever exist is committed. Waits up
     * to {@code staffsync.audit.settle-timeout} for the transactions running now; if they do not end in time,
     * the mark stops before the first missing position after {@code after}, which needs no waiting.
     */
    long highWaterMark(long after) {
        long max = store.maxPosition();
        if (max <= after) {
            return after;
        }
        Set<String> holders = store.appenders();
        long deadline = System.nanoTime() + properties.settleTimeout().toNanos();
        while (store.stillAppending(holders)) {
            if (System.nanoTime() - deadline > 0) {
                return contiguousFrom(after);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return contiguousFrom(after);
            }
        }
        return max;
    }

    /** Events after {@code after} and where the next page starts: never past a position that may still commit. */
    record Page(List<StoredEvent> events, long nextAfter) {
    }

    /**
     * A page of events after {@code after}. A run without missing positions is handed out at once; only a page
     * with a hole in it waits for the hole to settle. {@code nextAfter} skips holes that are settled, so a
     * client does not ask about a rolled-back position again.
     */
    Page page(long after, int limit) {
        List<StoredEvent> events = store.after(after, limit);
        if (contiguous(after, events)) {
            return new Page(events, events.isEmpty() ? after : events.get(events.size() - 1).position());
        }
        long mark = highWaterMark(after);
        events = store.between(after, mark, limit);
        return new Page(events, events.size() == limit ? events.get(events.size() - 1).position() : mark);
    }

    /** Whether {@code events} follow {@code after} without a missing position: then none can still appear. */
    static boolean contiguous(long after, List<StoredEvent> events) {
        long expected = after + 1;
        for (StoredEvent event : events) {
            if (event.position() != expected++) {
                return false;
            }
        }
        return true;
    }

    /** The last position of the unbroken run of stored positions right after {@code after}. */
    private long contiguousFrom(long after) {
        Long end = jdbc.queryForObject("""
                SELECT CASE WHEN min(g) IS NULL OR min(g) <> ? + 1 THEN ? ELSE coalesce(min(g) FILTER (WHERE n <> g + 1),
                       max(g)) END
                FROM (SELECT global_index AS g, lead(global_index) OVER (ORDER BY global_index) AS n
                      FROM domain_event_entry WHERE global_index > ?) AS tail""", Long.class, after, after, after);
        return end == null ? after : end;
    }
}
