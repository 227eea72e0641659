package io.staffsync.query.live;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code staffsync.live.*}: the change feed that pushes events to subscribers and serves resumes.
 *
 * @param pollInterval the longest the feed waits for new events when no notification arrives
 * @param batchSize    events read from the store per round trip
 * @param maxCatchUp   the most events a resuming subscription is replayed; further behind gets RESYNC_REQUIRED
 * @param janitorInterval how often subscription state of connections that are gone is swept away
 * @param presenceTtl  how long a node's presence entries outlive its last heartbeat (it beats every quarter
 *                     of this); a node that dies takes its viewers with it after at most this long
 */
@ConfigurationProperties("staffsync.live")
public record LiveProperties(
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("100000") long maxCatchUp,
        @DefaultValue("10s") Duration janitorInterval,
        @DefaultValue("20s") Duration presenceTtl) {
}
