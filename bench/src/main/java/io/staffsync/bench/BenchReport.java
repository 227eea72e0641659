package io.staffsync.bench;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** Everything one bench run measured; written as bench-report.json. Times in ms unless named seconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchReport(String startedAt, Machine machine, Parameters parameters, Write write, CatchUp catchUp,
                          FanOut fanOut, CrossNode crossNode, Connections connections, Replay replay,
                          Contention contention, Aging aging, List<String> warnings) {

    /**
     * Where it ran. {@code postgres} holds the settings that decide what a commit costs. {@code loadAverage}:
     * the system's one-minute load average before the bench started (other processes), when each scenario
     * started and at the end (the bench's own client, server and PostgreSQL included).
     */
    public record Machine(int cores, String java, String os, String server, String jdbcUrl,
                          Map<String, String> postgres, Map<String, Double> loadAverage) {
    }

    public record Parameters(List<String> scenarios, double durationSeconds, double warmupSeconds, int connections,
                             int staff, int catchUpEvents, int subscribers, int rate, double fanOutSeconds,
                             int crossNodeSubscribers, int idleConnections, int replayEvents,
                             double contentionSeconds, int hotStaff, long agingEvents, int agingReplayEvents) {
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
    /**
     * {@code timeline}: the operations of the measured window by the second they ended in (every outcome counted,
     * latencies of those that got an answer); empty where the run has none (setup).
     */
    public record Run(String name, Map<String, Long> outcomes, long accepted, double seconds, double perSecond,
                      Latency latency, List<Interval> timeline) {
    }

    /** One second of a closed-loop run: operations that ended in it, and their latency. */
    public record Interval(int second, long completed, double p50Ms, double p99Ms) {
    }

    /** STOMP figure divided by JDBC baseline figure. */
    public record Ratio(double throughput, double p50, double p99, double p999) {
    }

    /**
     * Scenario 2. {@code insertSeconds}: writing the K changes; {@code settleSeconds}: until the server had
     * projected them. {@code ratio}: STOMP messages/s of the last resume over JDBC rows/s.
     */
    public record CatchUp(String staffId, long fromPosition, int events, int others, double insertSeconds,
                          double settleSeconds, List<Fetch> stomp, Fetch jdbc, double ratio) {
    }

    /**
     * One full catch-up. {@code firstMs}: SUBSCRIBE (or query) to the first message (row); {@code totalMs}: to
     * the last. {@code outOfOrder}: messages whose position was not above the previous one.
     */
    public record Fetch(String name, long messages, long bytes, double firstMs, double totalMs, double perSecond,
                        long outOfOrder, boolean complete) {
    }

    /**
     * Scenario 3 (fan-out): every subscriber should get every change sent in the measured window exactly once.
     * {@code ratio}: StaffSync divided by the minimal STOMP server (throughput below 1 and latency above 1 mean
     * StaffSync is slower).
     */
    public record FanOut(int subscribers, int rate, Delivery stomp, Delivery baseline, DeliveryRatio ratio) {
    }

    /** Cross-node fan-out (#8): commands to node A, subscribers on node A, then on node B. */
    public record CrossNode(int subscribers, int rate, Delivery sameNode, Delivery otherNode, DeliveryRatio ratio) {
    }

    /**
     * One open-loop run: {@code sent} changes scheduled at {@code rate}/s in the measured window, of which
     * {@code accepted} were stored; each subscriber should receive each of those once. {@code lost}: deliveries
     * that never came, {@code duplicated}: extra ones. Latency is from the scheduled send time (so a sender
     * that falls behind shows up in the figures) to receipt, over all deliveries. {@code skipped}: sends
     * that found no staff member without a command in flight.
     */
    public record Delivery(String name, int subscribers, long sent, long accepted, long skipped,
                           Map<String, Long> replies, long expectedDeliveries, long delivered, long lost,
                           long duplicated, double seconds, double deliveredPerSecond, Latency latency,
                           List<Tick> timeline) {
    }

    /** One second of a run, by scheduled send time: sends, deliveries received in it, latency of its sends. */
    public record Tick(int second, long sent, long delivered, double p50Ms, double p99Ms, double maxMs) {
    }

    public record DeliveryRatio(double deliveredPerSecond, double p50, double p99, double max) {
    }

    /**
     * Scenario 4 (idle connections): heap after a full GC with K idle subscribed connections open (opened by
     * a child process, so the clients' own memory is not counted), against the heap before they opened.
     * {@code projected10kMiB}: heap used before plus 10,000 times the bytes per connection.
     */
    public record Connections(int requested, Idle stomp, Idle baseline, double ratio, long maxHeapBytes,
                              double projected10kMiB, int targetConnections, int targetHeapMiB) {
    }

    /**
     * {@code heapAfterCloseBytes}: after the connections closed again. {@code bytesPerConnection}: (heap with -
     * heap after close) / opened, so one-time allocations of the first connections (caches, pools) are not
     * counted per connection; heap after close - heap before shows them (or a leak).
     */
    public record Idle(String name, int opened, int failed, int subscribed, double openSeconds, long heapBeforeBytes,
                       long heapWithBytes, long heapAfterCloseBytes, long bytesPerConnection) {
    }

    /**
     * Scenario 5 (replay): the staff-directory processor reset through Axon and run to the head of the event
     * store, against reading (and reading plus upserting) the same rows with plain JDBC. {@code directoryMatches}:
     * the rebuilt staff_directory had as many rows, with the same sum of versions, as before the reset.
     */
    public record Replay(int inserted, double insertSeconds, long storedEvents, Rebuild projection, Rebuild jdbcRead,
                         Rebuild jdbcReadUpsert, double ratioRead, double ratioUpsert, boolean directoryMatches) {
    }

    public record Rebuild(String name, long events, double seconds, double perSecond) {
    }

    /**
     * Scenario 6 (contention): W writers, closed loop, on S shared staff members, once per conflict strategy;
     * against W JDBC connections appending to S aggregates, reading the last sequence number and retrying on the
     * unique (aggregate, sequence) violation.
     */
    public record Contention(int writers, int staff, List<StrategyRun> strategies, Run baseline, long baselineRetries) {
    }

    /**
     * Outcomes per second: {@code accepted} (not stale), {@code merged} (stale, settled by the strategy and
     * applied), {@code rejected} (CONFLICT or REJECTED), {@code pending} (PENDING_CHOICE). {@code lostUpdates}:
     * replies ACCEPTED or PENDING_CHOICE (warm-up included) without a stored event, or stored events without
     * such a reply; must be 0. {@code ratio}: (accepted + merged)/s over the baseline's appends/s.
     */
    public record StrategyRun(String strategy, Run run, double acceptedPerSecond, double mergedPerSecond,
                              double rejectedPerSecond, double pendingPerSecond, long storedEvents,
                              long expectedEvents, long lostUpdates, double ratio) {
    }

    /**
     * Scenario 7 (aging): the write scenario and a rebuild of the staff directory up to the same position, on the
     * fresh store and again after {@code agedEvents} more were inserted. {@code catchUpSeconds}: how long the change
     * feed and the audit hash chain took to take the inserted history in (before anything was measured).
     * Slowdowns are fresh over aged rates: 1.0 is no slower, 1.5 is the target's limit. The JDBC baseline's
     * slowdown is the control: it writes to a scratch table of its own, so it shows how much the machine drifted
     * between the two runs.
     */
    public record Aging(long agedEvents, double insertSeconds, double catchUpSeconds, long freshStoredEvents,
                        long agedStoredEvents, Write freshWrite, Write agedWrite, Rebuild freshReplay,
                        Rebuild agedReplay, double writeSlowdown, double jdbcSlowdown, double replaySlowdown) {
    }
}
