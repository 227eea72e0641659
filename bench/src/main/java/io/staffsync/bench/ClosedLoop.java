package io.staffsync.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * N workers, each doing one operation at a time and starting the next as soon as the previous one ended
 * (a closed loop: offered load adapts to the system, so latency is per operation, not queueing of a fixed
 * rate). Operations that start during the warm-up are done but not counted; the measurement window ends
 * for new operations at warm-up + duration, and operations in flight then are counted when they finish.
 */
final class ClosedLoop {

    /** One operation; returns its outcome name ({@code ACCEPTED}, {@code CONFLICT}, {@code NO_REPLY}...). */
    @FunctionalInterface
    interface Operation {
        String call() throws Exception;
    }

    /** Outcome names that had no answer: counted, but no latency recorded. */
    static final String NO_REPLY = "NO_REPLY";
    static final String FAILED = "FAILED";

    /** {@code timeline}: the measured operations by the second of the measurement window they ended in. */
    record Result(Map<String, Long> outcomes, double seconds, Histogram latencies,
                  List<BenchReport.Interval> timeline) {

        long count(String outcome) {
            return outcomes.getOrDefault(outcome, 0L);
        }

        long total() {
            return outcomes.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private ClosedLoop() {
    }

    static Result run(int workers, Duration warmup, Duration duration, IntFunction<Operation> operations)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + duration.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Worker>> running = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                Worker worker = new Worker(operations.apply(i));
                running.add(threads.submit(() -> worker.loop(measureFrom, measureUntil)));
            }
            Histogram latencies = Latency.newHistogram();
            Map<String, Long> outcomes = new TreeMap<>();
            Map<Integer, long[]> ended = new TreeMap<>();
            Map<Integer, Histogram> bySecond = new TreeMap<>();
            long lastEnd = measureUntil;
            for (Future<Worker> future : running) {
                Worker worker = future.get();
                latencies.add(worker.latencies);
                worker.outcomes.forEach((outcome, count) -> outcomes.merge(outcome, count, Long::sum));
                worker.ended.forEach((second, count) -> ended.computeIfAbsent(second, k -> new long[1])[0] += count[0]);
                worker.bySecond.forEach((second, histogram) -> bySecond.computeIfAbsent(second,
                        k -> secondHistogram()).add(histogram));
                lastEnd = Math.max(lastEnd, worker.lastEnd);
            }
            List<BenchReport.Interval> timeline = new ArrayList<>();
            ended.forEach((second, count) -> {
                Histogram histogram = bySecond.get(second);
                boolean timed = histogram != null && histogram.getTotalCount() > 0;
                timeline.add(new BenchReport.Interval(second, count[0],
                        timed ? Latency.round(histogram.getValueAtPercentile(50) / 1e6) : 0,
                        timed ? Latency.round(histogram.getValueAtPercentile(99) / 1e6) : 0));
            });
            return new Result(outcomes, (lastEnd - measureFrom) / 1e9, latencies, List.copyOf(timeline));
        } catch (ExecutionException e) {
            throw new IllegalStateException("a bench worker failed", e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    /** Two significant digits: a plot point per second needs no more, and there is one per worker and second. */
    private static Histogram secondHistogram() {
        return new Histogram(600_000_000_000L, 2);
    }

    private static final class Worker {
        final Operation operation;
        final Histogram latencies = Latency.newHistogram();
        final Map<String, Long> outcomes = new TreeMap<>();
        final Map<Integer, long[]> ended = new TreeMap<>();
        final Map<Integer, Histogram> bySecond = new TreeMap<>();
        long lastEnd;

        Worker(Operation operation) {
            this.operation = operation;
        }

        Worker loop(long measureFrom, long measureUntil) throws Exception {
            long now = System.nanoTime();
            while (now < measureUntil) {
                long began = now;
                String outcome = operation.call();
                now = System.nanoTime();
                if (began >= measureFrom) {
                    outcomes.merge(outcome, 1L, Long::sum);
                    int second = (int) ((now - measureFrom) / 1_000_000_000L);
                    ended.computeIfAbsent(second, k -> new long[1])[0]++;
                    if (!NO_REPLY.equals(outcome) && !FAILED.equals(outcome)) {
                        long latency = Math.min(now - began, latencies.getHighestTrackableValue());
                        latencies.recordValue(latency);
                        bySecond.computeIfAbsent(second, k -> secondHistogram()).recordValue(latency);
                    }
                    lastEnd = now;
                }
            }
            return this;
        }
    }
}
