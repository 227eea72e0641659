package io.staffsync.query.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code staffsync.audit.*}: the audit API and the hash chain.
 *
 * @param settleTimeout how long a read of the global log waits for transactions that may still fill a missing
 *                      position; after that it stops before the first missing position instead
 * @param maxPageSize   the largest {@code limit} of a JSON page ({@code GET /api/events}, {@code /api/audit/directory})
 * @param fetchSize     rows fetched per round trip by the cursors behind exports and verification
 * @param chainInterval how often each node tries to extend the hash chain (one node at a time does)
 * @param chainBatchSize events chained per transaction
 */
@ConfigurationProperties("staffsync.audit")
public record AuditProperties(
        @DefaultValue("2s") Duration settleTimeout,
        @DefaultValue("1000") int maxPageSize,
        @DefaultValue("500") int fetchSize,
        @DefaultValue("500ms") Duration chainInterval,
        @DefaultValue("500") int chainBatchSize) {
}
