package io.staffsync.bench;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** Everything one bench run measured; written as bench-report.json. Times in ms unless named seconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchReport(String startedAt, Machine machine, Parameters parameters, Write write, CatchUp catchUp,
                          List<String> warnings) {

    /**
     * Where it ran. {@code postgres} holds the settings that decide what a commit costs. {@code loadAverage}:
     * the system's one-minute load average before the bench started (other processes), when each scenario
     * started and at the end (the bench's own client, server and PostgreSQL included).
     */
    public record Machine(int cores, String java, String os, String server, String jdbcUrl,
                          Map<String, String> postgres, Map<String, Double> loadAverage) {
    }

    public record Parameters(double durationSeconds, double warmupSeconds, int connections, int staff,
                             int catchUpEvents) {
    }

    /**
     * Scenario 1. {@code setup}: creating the staff members over STOMP (not part of the figures).
     * {@code storedEvents}: update events of this run's staff members found in domain_event_entry afterwards,
     * which must equal every accepted update (warm-up included) if no reply lied.
     */
    public record Write(Run setup, Run stomp, Run jdbc, Ratio ratio, long acceptedUpdatesIncludingWarmup,
                        long storedUpdateEvents, long unmatchedReplies) {
    }

    /**
     * One closed-loop run. {@code outcomes}: operations counted per outcome (reply status for STOMP,
     * {@code NO_REPLY} when none came within the timeout). {@code perSecond}: accepted operations per second
     * of the measurement window.
     */
    public record Run(String name, Map<String, Long> outcomes, long accepted, double seconds, double perSecond,
                      Latency latency) {
    }

    /** STOMP figure divided by JDBC baseline figure. */
    public record Ratio(double throughput, double p50, double p99, double p999) {
    }

    /**
     * Scenario 2. {@code insertSeconds}: writing the K changes; {@code settleSeconds}: until the server had
     * projected them. {@code ratio}: STOMP messages/s of the last resume over JDBC rows/s.
     */
    public record CatchUp(String staffId, long fromPosition, int events, double insertSeconds, double settleSeconds,
                          List<Fetch> stomp, Fetch jdbc, double ratio) {
    }

    /**
     * One full catch-up. {@code firstMs}: SUBSCRIBE (or query) to the first message (row); {@code totalMs}: to
     * the last. {@code outOfOrder}: messages whose position was not above the previous one.
     */
    public record Fetch(String name, long messages, long bytes, double firstMs, double totalMs, double perSecond,
                        long outOfOrder, boolean complete) {
    }
}
