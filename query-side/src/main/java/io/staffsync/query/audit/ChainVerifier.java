package io.staffsync.query.audit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Recomputes the hash chain from the stored rows and reports the first link that does not hold. Walks
 * {@code audit_chain} and {@code domain_event_entry} side by side in position order (one cursor, one snapshot)
 * up to the newest link; events after it are not chained yet and only counted.
 */
@Component
class ChainVerifier {

    /** Why a link does not hold. */
    enum Reason {
        /** The row at this position is not the one that was chained: its content differs. */
        EDITED,
        /** A chained row is gone, and is nowhere else in the store. */
        DELETED,
        /** A row sits at a position that was never chained (a missing position was settled as rolled back). */
        INSERTED,
        /** A chained row (or the row now here) was moved to another position. */
        REORDERED,
        /** The chain table itself does not hold together: a link was removed or rewritten. */
        CHAIN_BROKEN
    }

    record BrokenLink(long position, Reason reason, String detail) {
    }

    /**
     * {@code checked} links verified from the first, {@code chainedUpTo} the newest link's position and
     * {@code headHash} its hash (hex: keep it somewhere else to notice a chain rewritten wholesale),
     * {@code unchained} events after it.
     */
    record VerifyReport(boolean ok, long checked, long chainedUpTo, String headHash, long unchained,
                        BrokenLink firstBrokenLink) {
    }

    private record Joined(Long linkPosition, String linkEvent, byte[] hash, byte[] prevHash, ChainedRow row) {
    }

    private static final String JOIN = "SELECT c.global_index, c.event_identifier, c.hash, c.prev_hash, "
            + Arrays.stream(ChainedRow.COLUMNS.split(", ")).map(column -> "e." + column).collect(Collectors.joining(", "))
            + " FROM audit_chain c FULL OUTER JOIN domain_event_entry e ON e.global_index = c.global_index"
            + " WHERE coalesce(c.global_index, e.global_index) <= ?"
            + " ORDER BY coalesce(c.global_index, e.global_index)";

    private static final RowMapper<ChainedRow> ROW = ChainedRow.mapper(5);
    private static final RowMapper<Joined> JOINED = (rs, n) -> new Joined(
            rs.getObject(1) == null ? null : rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4),
            rs.getObject(5) == null ? null : ROW.mapRow(rs, n));

    private final JdbcTemplate jdbc;
    private final EventCursor cursor;

    ChainVerifier(JdbcTemplate jdbc, EventCursor cursor) {
        this.jdbc = jdbc;
        this.cursor = cursor;
    }

    VerifyReport verify() {
        return cursor.inSnapshot(() -> {
            AuditChainer.Link head = AuditChainer.head(jdbc);
            Long unchained = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE global_index > ?",
                    Long.class, head.position());
            Walk walk = new Walk();
            cursor.scan(JOIN, JOINED, walk::step, head.position());
            BrokenLink broken = walk.suspect == null ? null : judge(walk.suspect, walk.prev);
            return new VerifyReport(broken == null, walk.checked, head.position(),
                    head.position() == 0 ? null : ChainHash.hex(head.hash()), unchained == null ? 0 : unchained, broken);
        });
    }

    /** The walk along the chain; stops at the first joined row that does not hold. */
    private static final class Walk {
        private byte[] prev = ChainHash.GENESIS;
        private long checked;
        private Joined suspect;

        boolean step(Joined joined) {
            boolean holds = joined.linkPosition() != null && joined.row() != null
                    && Arrays.equals(joined.prevHash(), prev)
                    && joined.row().eventIdentifier().equals(joined.linkEvent())
                    && Arrays.equals(ChainHash.link(prev, joined.row()), joined.hash());
            if (!holds) {
                suspect = joined;
                return false;
            }
            prev = joined.hash();
            checked++;
            return true;
        }
    }

    /** Names what happened at the first link that does not hold, whose predecessor's hash is {@code prev}. */
    private BrokenLink judge(Joined j, byte[] prev) {
        if (j.linkPosition() == null) {
            Long chainedAt = chainedPosition(j.row().eventIdentifier());
            return chainedAt != null
                    ? new BrokenLink(j.row().position(), Reason.REORDERED, "event " + j.row().eventIdentifier()
                    + " was chained at position " + chainedAt + " and is now stored at " + j.row().position())
                    : new BrokenLink(j.row().position(), Reason.INSERTED, "event " + j.row().eventIdentifier()
                    + " at position " + j.row().position() + " was never chained: it was not there when the chain "
                    + "passed this position");
        }
        if (j.row() == null) {
            Long storedAt = storedPosition(j.linkEvent());
            return storedAt != null
                    ? new BrokenLink(j.linkPosition(), Reason.REORDERED, "event " + j.linkEvent()
                    + " was chained at position " + j.linkPosition() + " and is now stored at " + storedAt)
                    : new BrokenLink(j.linkPosition(), Reason.DELETED, "event " + j.linkEvent() + " at position "
                    + j.linkPosition() + " was chained and is no longer stored");
        }
        if (!Arrays.equals(j.prevHash(), prev)) {
            return new BrokenLink(j.linkPosition(), Reason.CHAIN_BROKEN, "the link at position " + j.linkPosition()
                    + " does not follow the link before it: a link was removed or rewritten");
        }
        if (!j.row().eventIdentifier().equals(j.linkEvent())) {
            Long storedAt = storedPosition(j.linkEvent());
            if (storedAt != null) {
                return new BrokenLink(j.linkPosition(), Reason.REORDERED, "position " + j.linkPosition()
                        + " was chained with event " + j.linkEvent() + ", which is now stored at " + storedAt
                        + "; it holds event " + j.row().eventIdentifier() + " instead");
            }
            return new BrokenLink(j.linkPosition(), Reason.EDITED, "position " + j.linkPosition()
                    + " was chained with event " + j.linkEvent() + " and now holds event " + j.row().eventIdentifier());
        }
        return new BrokenLink(j.linkPosition(), Reason.EDITED, "the row at position " + j.linkPosition()
                + " (event " + j.linkEvent() + ") differs from the row that was chained");
    }

    private Long chainedPosition(String eventIdentifier) {
        List<Long> at = jdbc.queryForList("SELECT global_index FROM audit_chain WHERE event_identifier = ?",
                Long.class, eventIdentifier);
        return at.isEmpty() ? null : at.get(0);
    }

    private Long storedPosition(String eventIdentifier) {
        List<Long> at = jdbc.queryForList("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?",
                Long.class, eventIdentifier);
        return at.isEmpty() ? null : at.get(0);
    }
}
