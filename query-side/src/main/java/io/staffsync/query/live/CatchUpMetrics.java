package io.staffsync.query.live;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * {@code staffsync.catchups}: resuming subscriptions by outcome ({@code caught-up}, {@code resync-required},
 * {@code failed}) with how long they took, and {@code staffsync.catchups.positions}: how far back they
 * reached. Without a registry nothing is recorded.
 */
@Component
class CatchUpMetrics {

    enum Outcome { CAUGHT_UP, RESYNC_REQUIRED, FAILED }

    private final MeterRegistry registry;

    CatchUpMetrics(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry.getIfAvailable();
    }

    void record(Outcome outcome, long positions, long startedNanos) {
        if (registry == null) {
            return;
        }
        String tag = outcome.name().toLowerCase().replace('_', '-');
        Timer.builder("staffsync.catchups")
                .description("Resuming subscriptions, by outcome, and how long each took to go live")
                .tag("outcome", tag)
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
        registry.summary("staffsync.catchups.positions", "outcome", tag).record(Math.max(0, positions));
    }
}
