package io.staffsync.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Changes sent on a fixed schedule (an open loop: the offered rate does not adapt to the server, so a server
 * that falls behind shows up as latency instead of a lower rate), received by every subscriber. Latency runs
 * from each change's scheduled send time to its receipt by each subscriber; deliveries are joined with the
 * send times by position once the run is over, so the receiving threads only record two longs per message.
 */
final class OpenLoop {

    /** Deliveries that stop arriving for this long are given up on (and counted lost). */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(15);

    /** Sends the changes of one run. */
    interface Publisher {

        /** Sends one change scheduled at {@code scheduledNanos}; false if it could not be sent (counted skipped). */
        boolean send(long scheduledNanos, boolean measured);

        /**
         * Waits for what is still in flight, then returns the position of every change sent in the measured
         * window that was stored (and so must reach every subscriber), with its scheduled send time.
         */
        Map<Long, Long> finish() throws InterruptedException;

        /** Replies by status (the baseline has none: every SEND counts as accepted). */
        Map<String, Long> replies();
    }

    private OpenLoop() {
    }

    static BenchReport.Delivery run(String name, Publisher publisher, Subscribers subscribers, int rate,
                                    Duration warmup, Duration duration) throws InterruptedException {
        subscribers.clear();
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + duration.toNanos();
        long sent = 0;
        long skipped = 0;
        for (long k = 0; ; k++) {
            long scheduled = start + k * period;
            if (scheduled >= measureUntil) {
                break;
            }
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = scheduled >= measureFrom;
            boolean ok = publisher.send(scheduled, measured);
            if (measured) {
                sent++;
                skipped += ok ? 0 : 1;
            }
        }
        Map<Long, Long> window = publisher.finish();
        long lastExpected = window.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
        awaitDeliveries(subscribers, lastExpected);
        return join(name, subscribers, window, sent, skipped, publisher.replies(), measureFrom, duration);
    }

    /**
     * Each connection receives in position order, so a subscriber that has the last expected position has
     * everything it will ever get; stops early when deliveries stall.
     */
    private static void awaitDeliveries(Subscribers subscribers, long lastExpected) throws InterruptedException {
        long lastTotal = -1;
        long lastChange = System.nanoTime();
        while (true) {
            List<Subscribers.Sink> sinks = subscribers.sinks();
            if (sinks.stream().allMatch(sink -> sink.lastPosition() >= lastExpected)) {
                return;
            }
            long total = sinks.stream().mapToLong(Subscribers.Sink::size).sum();
            if (total != lastTotal) {
                lastTotal = total;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > STALL_TIMEOUT.toNanos()) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static BenchReport.Delivery join(String name, Subscribers subscribers, Map<Long, Long> window, long sent,
                                             long skipped, Map<String, Long> replies, long measureFrom,
                                             Duration duration) {
        long lowest = window.keySet().stream().mapToLong(Long::longValue).min().orElse(0);
        int seconds = (int) Math.ceil(duration.toNanos() / 1e9);
        Histogram all = Latency.newHistogram();
        List<Histogram> bySecond = new ArrayList<>();
        long[] sentBySecond = new long[seconds];
        for (int s = 0; s < seconds; s++) {
            bySecond.add(Latency.newHistogram());
        }
        for (long scheduled : window.values()) {
            sentBySecond[second(scheduled, measureFrom, seconds)]++;
        }
        List<Long> receivedBySecond = new ArrayList<>();
        long delivered = 0;
        long duplicated = 0;
        long lost = 0;
        long lastReceipt = measureFrom;
        List<Subscribers.Sink> sinks = subscribers.sinks();
        for (Subscribers.Sink sink : sinks) {
            long[][] recorded = sink.snapshot();
            BitSet seen = new BitSet();
            long distinct = 0;
            for (int i = 0; i < recorded[0].length; i++) {
                Long scheduled = window.get(recorded[0][i]);
                if (scheduled == null) {
                    continue;
                }
                int index = (int) (recorded[0][i] - lowest);
                if (seen.get(index)) {
                    duplicated++;
                    continue;
                }
                seen.set(index);
                distinct++;
                delivered++;
                long received = recorded[1][i];
                long latency = Math.max(0, Math.min(received - scheduled, all.getHighestTrackableValue()));
                all.recordValue(latency);
                bySecond.get(second(scheduled, measureFrom, seconds)).recordValue(latency);
                int receivedSecond = (int) Math.max(0, (received - measureFrom) / 1_000_000_000L);
                while (receivedBySecond.size() <= receivedSecond) {
                    receivedBySecond.add(0L);
                }
                receivedBySecond.set(receivedSecond, receivedBySecond.get(receivedSecond) + 1);
                lastReceipt = Math.max(lastReceipt, received);
            }
            lost += window.size() - distinct;
        }
        lost += (long) window.size() * (subscribers.failed());
        List<BenchReport.Tick> timeline = new ArrayList<>();
        for (int s = 0; s < Math.max(seconds, receivedBySecond.size()); s++) {
            Histogram h = s < seconds ? bySecond.get(s) : null;
            Latency l = h == null ? null : Latency.of(h);
            timeline.add(new BenchReport.Tick(s, s < seconds ? sentBySecond[s] : 0,
                    s < receivedBySecond.size() ? receivedBySecond.get(s) : 0, l == null ? 0 : l.p50Ms(),
                    l == null ? 0 : l.p99Ms(), l == null ? 0 : l.maxMs()));
        }
        double elapsed = (lastReceipt - measureFrom) / 1e9;
        long accepted = window.size();
        return new BenchReport.Delivery(name, sinks.size(), sent, accepted, skipped, replies,
                accepted * (sinks.size() + subscribers.failed()), delivered, lost, duplicated,
                Latency.round(elapsed), elapsed <= 0 ? 0 : Latency.round(delivered / elapsed), Latency.of(all),
                List.copyOf(timeline));
    }

    private static int second(long scheduled, long measureFrom, int seconds) {
        return (int) Math.min(seconds - 1, Math.max(0, (scheduled - measureFrom) / 1_000_000_000L));
    }

    static BenchReport.DeliveryRatio ratio(BenchReport.Delivery a, BenchReport.Delivery b) {
        return new BenchReport.DeliveryRatio(WriteScenario.ratio(a.deliveredPerSecond(), b.deliveredPerSecond()),
                WriteScenario.ratio(a.latency().p50Ms(), b.latency().p50Ms()),
                WriteScenario.ratio(a.latency().p99Ms(), b.latency().p99Ms()),
                WriteScenario.ratio(a.latency().maxMs(), b.latency().maxMs()));
    }
}
