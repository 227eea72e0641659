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

    record Result(Map<String, Long> outcomes, double seconds, Histogram latencies) {

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
            long lastEnd = measureUntil;
            for (Future<Worker> future : running) {
                Worker worker = future.get();
                latencies.add(worker.latencies);
                worker.outcomes.forEach((outcome, count) -> outcomes.merge(outcome, count, Long::sum));
                lastEnd = Math.max(lastEnd, worker.lastEnd);
            }
            return new Result(outcomes, (lastEnd - measureFrom) / 1e9, latencies);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a bench worker failed", e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    private static final class Worker {
        final Operation operation;
        final Histogram latencies = Latency.newHistogram();
        final Map<String, Long> outcomes = new TreeMap<>();
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
                    if (!NO_REPLY.equals(outcome) && !FAILED.equals(outcome)) {
                        latencies.recordValue(Math.min(now - began, latencies.getHighestTrackableValue()));
                    }
                    lastEnd = now;
                }
            }
            return this;
        }
    }
}
