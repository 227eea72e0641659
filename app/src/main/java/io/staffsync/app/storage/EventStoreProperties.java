package io.staffsync.app.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code staffsync.event-store.*}: how long Axon's tracking processors keep waiting for a global position that
 * was taken but is not visible yet (a transaction still running, or one that rolled back).
 *
 * @param gapTimeout           a transaction that commits an event more than this after the event was created can
 *                             be skipped by the projections for ever (Axon issue #4829: a visible event older than
 *                             this makes the reader drop every hole it remembers); longer keeps more rolled-back
 *                             holes in each token (Axon's default is 60 s)
 * @param gapCleaningThreshold how many holes a token may hold before Axon looks for ones older than
 *                             {@code gapTimeout} to forget
 * @param maxGapOffset         a hole this many positions behind the newest event is forgotten whatever its age, so
 *                             it must cover {@code gapTimeout} at the highest append rate (Axon's default is 10,000)
 */
@ConfigurationProperties("staffsync.event-store")
public record EventStoreProperties(
        @DefaultValue("10m") Duration gapTimeout,
        @DefaultValue("250") int gapCleaningThreshold,
        @DefaultValue("100000") int maxGapOffset) {
}
