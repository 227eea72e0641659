package io.staffsync.query.audit;

import io.staffsync.query.live.EventStoreReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Extends the hash chain ({@code audit_chain}) over newly stored events, strictly in global position order.
 * <p>
 * Not an Axon tracking processor (ADR 0005): a processor handles a late-committing position after later
 * ones, gives up on it after a gap timeout, hands out deserialized events rather than the stored bytes, and
 * can be reset, which would hash whatever the rows hold by then. The chainer instead reads the raw rows after
 * its own last link and settles a missing position as the live feed does: it waits until every transaction
 * that was appending when it saw the hole has ended, then links past it for good. It has no token: its
 * position is the last link, which the database lets nobody rewrite or remove (V7), so there is nothing to reset.
 * <p>
 * Every node runs it; a transaction-scoped advisory lock lets one node at a time append. It has a thread of
 * its own, so a long backlog (a first start on an old store) never delays the sweepers on the shared
 * scheduler.
 */
@Component
class AuditChainer implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    /** Names the chain's single writer (the advisory lock); the chain has no processing group or token. */
    static final String NAME = "audit-chain";
    private static final Logger log = LoggerFactory.getLogger(AuditChainer.class);

    /** The newest link: where the chain continues. */
    record Link(long position, byte[] hash) {
    }

    /** Positions (after, upTo] missing, seen while these appending transactions might hold them. */
    private record Hole(long after, long upTo, Set<String> holders) {
    }

    private final JdbcTemplate jdbc;
    private final EventStoreReader store;
    private final TransactionTemplate transaction;
    private final int batchSize;
    private final long intervalMillis;
    private ScheduledExecutorService worker;
    private volatile boolean running;
    private Hole hole;

    AuditChainer(JdbcTemplate jdbc, EventStoreReader store, PlatformTransactionManager transactions,
                 AuditProperties properties) {
        this.jdbc = jdbc;
        this.store = store;
        this.transaction = new TransactionTemplate(transactions);
        this.batchSize = properties.chainBatchSize();
        this.intervalMillis = Math.max(1, properties.chainInterval().toMillis());
    }

    @Override
    public synchronized void onApplicationEvent(ApplicationReadyEvent ready) {
        if (worker != null) {
            return;
        }
        running = true;
        worker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "staffsync-" + NAME);
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::chain, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void destroy() {
        running = false;
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    synchronized void chain() {
        try {
            int linked;
            do {
                linked = chainBatch();
            } while (running && linked == batchSize);
        } catch (RuntimeException e) {
            if (running) {
                log.warn("Hash chain not extended this round ({}); retrying", e.toString());
            }
        }
    }

    /** Links the next run of settled events; the number linked. */
    int chainBatch() {
        Integer linked = transaction.execute(status -> {
            Boolean mine = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(hashtext(?))", Boolean.class, NAME);
            if (!Boolean.TRUE.equals(mine)) {
                return 0;
            }
            Link head = head(jdbc);
            List<ChainedRow> rows = jdbc.query("SELECT " + ChainedRow.COLUMNS + " FROM domain_event_entry "
                    + "WHERE global_index > ? ORDER BY global_index LIMIT ?", ChainedRow.mapper(1), head.position(), batchSize);
            if (rows.isEmpty()) {
                hole = null;
                return 0;
            }
            long first = rows.get(0).position();
            if (first != head.position() + 1 && !holeSettled(head.position(), first - 1)) {
                return 0;
            }
            hole = null;
            List<Object[]> links = new ArrayList<>();
            byte[] prev = head.hash();
            long expected = first;
            for (ChainedRow row : rows) {
                if (row.position() != expected++) {
                    break;
                }
                byte[] hash = ChainHash.link(prev, row);
                links.add(new Object[]{row.position(), row.eventIdentifier(), hash, prev});
                prev = hash;
            }
            jdbc.batchUpdate("INSERT INTO audit_chain (global_index, event_identifier, hash, prev_hash) "
                    + "VALUES (?, ?, ?, ?)", links);
            return links.size();
        });
        return linked == null ? 0 : linked;
    }

    static Link head(JdbcTemplate jdbc) {
        return jdbc.query("SELECT global_index, hash FROM audit_chain ORDER BY global_index DESC LIMIT 1",
                rs -> rs.next() ? new Link(rs.getLong(1), rs.getBytes(2)) : new Link(0, ChainHash.GENESIS));
    }

    /**
     * Whether positions (after, upTo] can no longer commit: every transaction that was appending when the hole was
     * first seen has ended. This transaction never writes to the event store, so it is never one of them.
     */
    private boolean holeSettled(long after, long upTo) {
        if (hole == null || hole.after() != after || hole.upTo() != upTo) {
            hole = new Hole(after, upTo, store.appenders());
            return false;
        }
        if (store.stillAppending(hole.holders())) {
            return false;
        }
        // every holder has ended, but one may have committed since the read: then the next round links it in order
        Long next = jdbc.queryForObject("SELECT min(global_index) FROM domain_event_entry WHERE global_index > ?",
                Long.class, after);
        return next != null && next > upTo;
    }
}
