package io.staffsync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Scenario 4: K idle subscribers, each a real STOMP connection with one subscription to {@code /topic/staff},
 * opened by a child process; the heap of this JVM (which holds the in-process server) after a full GC, with
 * and without them, gives bytes per connection. The minimal STOMP server is measured the same way.
 */
final class ConnectionsScenario {

    static final int TARGET_CONNECTIONS = 10_000;
    static final int TARGET_HEAP_MIB = 512;
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);

    private final ServerUnderTest server;
    private final BenchOptions options;
    private final List<String> warnings;

    ConnectionsScenario(ServerUnderTest server, BenchOptions options, List<String> warnings) {
        this.server = server;
        this.options = options;
        this.warnings = warnings;
    }

    BenchReport.Connections run() throws Exception {
        if (server.context() == null) {
            warnings.add("connections: skipped, it measures the heap of the in-process server");
            return null;
        }
        int k = options.idleConnections();
        BenchReport.Idle stomp = measure("StaffSync", server.webSocket(), () -> server.subscribers(FanOutScenario.TOPIC),
                "viewer", "viewer");
        BenchReport.Idle baseline;
        try (MinimalStompServer relay = MinimalStompServer.start()) {
            baseline = measure("minimal STOMP server (baseline)", relay.webSocket(),
                    () -> relay.subscribers(FanOutScenario.TOPIC), "bench", "bench");
        }
        long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        double projected = (stomp.heapBeforeBytes() + (double) TARGET_CONNECTIONS * stomp.bytesPerConnection())
                / (1024.0 * 1024.0);
        return new BenchReport.Connections(k, stomp, baseline,
                WriteScenario.ratio(stomp.bytesPerConnection(), baseline.bytesPerConnection()), max,
                Latency.round(projected), TARGET_CONNECTIONS, TARGET_HEAP_MIB);
    }

    private BenchReport.Idle measure(String name, URI webSocket, IntSupplier registered, String login,
                                     String passcode) throws Exception {
        int k = options.idleConnections();
        int subscribedBefore = registered.getAsInt();
        long before = heapAfterGc();
        long opening = System.nanoTime();
        long with;
        int opened;
        int failed;
        int subscribed;
        double openSeconds;
        try (IdleClients.Child child = IdleClients.start(webSocket, k, login, passcode)) {
            opened = child.connected();
            failed = child.failed();
            if (!Subscribers.awaitRegistered(registered, subscribedBefore + opened, SETTLE_TIMEOUT)) {
                warnings.add("connections (" + name + "): only " + (registered.getAsInt() - subscribedBefore)
                        + " of " + opened + " subscriptions registered");
            }
            openSeconds = (System.nanoTime() - opening) / 1e9;
            subscribed = registered.getAsInt() - subscribedBefore;
            System.err.printf("  %s: %d idle connections open in %.1f s (%d failed)%n", name, opened, openSeconds,
                    failed);
            with = heapAfterGc();
        }
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (registered.getAsInt() > subscribedBefore && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long after = heapAfterGc();
        if (failed > 0) {
            warnings.add("connections (" + name + "): " + failed + " of " + k + " connections failed");
        }
        // measured against the heap after they closed, not before they opened: the first connections of a server
        // also fill one-time caches and pools that stay (heapAfterClose - heapBefore shows how much)
        long perConnection = opened == 0 ? 0 : (with - after) / opened;
        return new BenchReport.Idle(name, opened, failed, subscribed, Latency.round(openSeconds), before, with, after,
                perConnection);
    }

    /** Heap in use after full collections, once it stops shrinking (a background task may be mid-allocation). */
    static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            memory.gc();
            Thread.sleep(200);
            lowest = Math.min(lowest, memory.getHeapMemoryUsage().getUsed());
        }
        return lowest;
    }
}
