package io.staffsync.bench;

import java.time.Duration;
import java.util.List;

/**
 * Scenario 3: N subscribers of {@code /topic/staff} while editors send a steady rate of updates, against the
 * same rate of the same bodies relayed by the minimal STOMP server to as many subscribers. And the cross-node
 * variant (#8): commands to node A, subscribers on node A, then on a second node B on the same database.
 */
final class FanOutScenario {

    static final String TOPIC = "/topic/staff";
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofMinutes(2);

    private final ServerUnderTest server;
    private final BenchOptions options;
    private final String runId;
    private final List<String> warnings;

    FanOutScenario(ServerUnderTest server, BenchOptions options, String runId, List<String> warnings) {
        this.server = server;
        this.options = options;
        this.runId = runId;
        this.warnings = warnings;
    }

    /**
     * Staff members enough that none is normally still busy when its turn comes round again: five seconds of
     * changes. A server slower than that makes the publisher skip sends, which the report counts.
     */
    private int staffPool() {
        return Math.max(5 * options.rate(), 2 * options.connections());
    }

    BenchReport.FanOut fanOut() throws Exception {
        int n = options.subscribers();
        BenchReport.Delivery stomp;
        byte[] body;
        try (StaffPublisher editors = StaffPublisher.create(server, options, "bench-" + runId + "-f",
                options.connections(), staffPool())) {
            stomp = measure("StaffSync update -> subscribers", editors, server.webSocket(), n,
                    () -> server.subscribers(TOPIC), "fan-out");
            body = lastSample;
            editors.errors().forEach(e -> warnings.add("fan-out editor: " + e));
        }
        if (body == null) {
            throw new IllegalStateException("fan-out: no change reached any subscriber, nothing to relay");
        }
        BenchReport.Delivery baseline;
        try (MinimalStompServer relay = MinimalStompServer.start();
             RelayPublisher publisher = RelayPublisher.open(relay.webSocket(), options.connections(), body)) {
            baseline = measure("minimal STOMP relay (baseline)", publisher, relay.webSocket(), n,
                    () -> relay.subscribers(TOPIC), "fan-out baseline");
            publisher.errors().forEach(e -> warnings.add("fan-out baseline sender: " + e));
        }
        return new BenchReport.FanOut(n, options.rate(), stomp, baseline, OpenLoop.ratio(stomp, baseline));
    }

    BenchReport.CrossNode crossNode() throws Exception {
        if (server.context() == null) {
            warnings.add("cross-node: skipped, it starts a second node on the in-process server's database");
            return null;
        }
        int n = options.crossNodeSubscribers();
        try (ServerUnderTest nodeB = server.secondNode(options.serverArgs());
             StaffPublisher editors = StaffPublisher.create(server, options, "bench-" + runId + "-x",
                     options.connections(), staffPool())) {
            BenchReport.Delivery same = measure("node A -> subscribers on node A", editors, server.webSocket(), n,
                    () -> server.subscribers(TOPIC), "cross-node, same node");
            BenchReport.Delivery other = measure("node A -> subscribers on node B", editors, nodeB.webSocket(), n,
                    () -> nodeB.subscribers(TOPIC), "cross-node, other node");
            editors.errors().forEach(e -> warnings.add("cross-node editor: " + e));
            return new BenchReport.CrossNode(n, options.rate(), same, other, OpenLoop.ratio(other, same));
        }
    }

    private byte[] lastSample;

    private BenchReport.Delivery measure(String name, OpenLoop.Publisher publisher, java.net.URI webSocket, int n,
                                         java.util.function.IntSupplier registered, String label) throws Exception {
        int before = Math.max(0, registered.getAsInt());
        long opening = System.nanoTime();
        try (Subscribers subscribers = Subscribers.open(webSocket, "viewer", "viewer", n, TOPIC)) {
            if (!Subscribers.awaitRegistered(registered, before + subscribers.connected(), REGISTRATION_TIMEOUT)) {
                warnings.add(label + ": only " + (registered.getAsInt() - before) + " of " + subscribers.connected()
                        + " subscriptions registered after " + REGISTRATION_TIMEOUT);
            }
            if (subscribers.failed() > 0) {
                warnings.add(label + ": " + subscribers.failed() + " of " + n + " subscribers could not connect");
            }
            System.err.printf("  %s: %d subscribers ready in %.1f s, sending %d/s for %s s + %s s%n", label,
                    subscribers.connected(), (System.nanoTime() - opening) / 1e9, options.rate(),
                    options.warmup().toMillis() / 1000.0, options.fanOutDuration().toMillis() / 1000.0);
            BenchReport.Delivery delivery = OpenLoop.run(name, publisher, subscribers, options.rate(),
                    options.warmup(), options.fanOutDuration());
            subscribers.errors().stream().limit(5).forEach(e -> warnings.add(label + " subscriber: " + e));
            if (subscribers.errors().size() > 5) {
                warnings.add(label + ": " + subscribers.errors().size() + " subscriber errors in all");
            }
            if (delivery.lost() > 0 || delivery.duplicated() > 0) {
                warnings.add(label + ": " + delivery.lost() + " deliveries lost and " + delivery.duplicated()
                        + " duplicated");
            }
            lastSample = subscribers.sample();
            return delivery;
        }
    }
}
