package io.staffsync.app.cluster;

import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.NodeProcess;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Node A (its own JVM) holds the projections' segments and has its own subscribers and writer; node B (this
 * test's context) has the same. A is killed with SIGKILL mid-stream. Nothing acknowledged may be lost, B must
 * take A's segments over once A's claims go stale, and A's clients must resume on B without a gap or a
 * duplicate.
 */
@StaffSyncIntegrationTest
class NodeFailoverIT {

    private static final List<String> PROCESSORS = List.of("staff-directory", "staff-conflicts");
    private static final int STAFF_PER_WRITER = 4;

    @LocalServerPort
    int nodeBPort;
    @Autowired
    EmbeddedPostgres postgres;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void killing_a_node_mid_stream_loses_nothing_its_segments_move_and_its_clients_resume_elsewhere() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<StompTestClient> clients = new CopyOnWriteArrayList<>();
        Map<String, Viewer> viewers = new HashMap<>();
        try (NodeProcess nodeA = NodeProcess.start(postgres, "failover-a")) {
            handProjectionsTo(nodeA);

            long start = maxPosition();
            for (String name : List.of("a1", "a2")) {
                viewers.put(name, new Viewer(nodeA.port(), start, clients));
            }
            for (String name : List.of("b1", "b2")) {
                viewers.put(name, new Viewer(nodeBPort, start, clients));
            }

            Writer writerA = new Writer(StompTestClient.connect(nodeA.port(), "alice", "alice"), clients);
            Writer writerB = new Writer(StompTestClient.connect(nodeBPort, "bob", "bob"), clients);
            Future<?> runningA = writers.submit(writerA::run);
            Future<?> runningB = writers.submit(writerB::run);

            await().atMost(Duration.ofMinutes(1)).until(() -> writerA.accepted.get() >= 30);
            writerA.nodeKilled = true;
            nodeA.kill();
            runningA.cancel(true);
            assertThat(writerA.failure).as("writer on node A before the kill").isNull();
            long acceptedAfterKill = writerB.accepted.get();
            await().atMost(Duration.ofMinutes(1)).until(() -> writerB.accepted.get() >= acceptedAfterKill + 30);

            // A's clients come back on B from the last position each of them saw
            for (String name : List.of("a1", "a2")) {
                Viewer viewer = viewers.get(name);
                await().atMost(Duration.ofSeconds(30)).until(() -> !viewer.client.isConnected());
                viewer.resumeOn(nodeBPort);
            }
            // the writer whose node died retries what was never answered, with the same command ids, on B
            StompTestClient retrier = StompTestClient.connect(nodeBPort, "alice", "alice");
            clients.add(retrier);
            StaffCommandRequest unanswered = writerA.inFlight;
            if (unanswered != null) {
                assertThat(retrier.command(writerA.inFlightDestination, unanswered).status())
                        .isIn(CommandStatus.ACCEPTED, CommandStatus.DUPLICATE);
                assertThat(eventsOfCommand(unanswered.commandId())).isEqualTo(1);
            }
            writerB.stop = true;
            runningB.get(30, TimeUnit.SECONDS);

            // B takes the dead node's segments over once its claims go stale, and the read model catches up
            String nodeBOwner = ManagementFactory.getRuntimeMXBean().getName();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(PROCESSORS)
                    .allSatisfy(processor -> assertThat(owner(processor)).isEqualTo(nodeBOwner)));
            for (String staffId : writerA.staffIds) {
                assertReadModelEqualsReplay(staffId);
            }
            for (String staffId : writerB.staffIds) {
                assertReadModelEqualsReplay(staffId);
            }

            // every acknowledged command is stored exactly once; an unanswered one at most once
            for (UUID commandId : writerA.acceptedIds) {
                assertThat(eventsOfCommand(commandId)).as("accepted command %s", commandId).isEqualTo(1);
            }
            for (UUID commandId : writerB.acceptedIds) {
                assertThat(eventsOfCommand(commandId)).as("accepted command %s", commandId).isEqualTo(1);
            }

            // every viewer, wherever it ended up, saw every change to this test's staff members exactly once and in
            // order (the feed carries whatever else the shared database gets meanwhile; that is not this test's)
            Set<String> ours = new HashSet<>(writerA.staffIds);
            ours.addAll(writerB.staffIds);
            List<Long> expected = new ArrayList<>();
            jdbc.query("SELECT global_index, aggregate_identifier FROM domain_event_entry WHERE global_index > ? "
                    + "ORDER BY global_index", (RowCallbackHandler) rs -> {
                        if (ours.contains(rs.getString(2))) {
                            expected.add(rs.getLong(1));
                        }
                    }, start);
            for (Map.Entry<String, Viewer> viewer : viewers.entrySet()) {
                // what a viewer saw only ever grows: once it has more than expected, it cannot come right again
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        viewer.getValue().positionsAbout(ours)).as("positions seen by %s", viewer.getKey())
                        .containsExactlyElementsOf(expected));
            }
        } finally {
            writers.shutdownNow();
            viewers.values().forEach(Viewer::stop);
            clients.forEach(StompTestClient::close);
        }
    }

    /**
     * B lets go of every segment, and stays off them for longer than A may take to claim them (a loaded machine can
     * take a while); then B may claim again, which it does as soon as A's claims go stale.
     */
    private void handProjectionsTo(NodeProcess nodeA) {
        for (String name : PROCESSORS) {
            processor(name).releaseSegment(0, 90, TimeUnit.SECONDS);
        }
        try {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(PROCESSORS)
                    .allSatisfy(processor -> assertThat(nodeA.ownsClaim(owner(processor))).isTrue()));
        } finally {
            // a release that ran on would delay the takeover below, or other tests' projections if this failed
            for (String name : PROCESSORS) {
                processor(name).releaseSegment(0, 0, TimeUnit.MILLISECONDS);
            }
        }
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
    }

    private String owner(String processor) {
        return jdbc.queryForObject("SELECT owner FROM token_entry WHERE processor_name = ? AND segment = 0",
                String.class, processor);
    }

    private long maxPosition() {
        Long max = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

    private int eventsOfCommand(UUID commandId) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry
                WHERE convert_from(meta_data, 'UTF8')::jsonb ->> 'commandId' = ?""", Integer.class,
                commandId.toString());
    }

    private void assertReadModelEqualsReplay(String staffId) {
        StaffMemberView replayed = EventLog.replay(EventLog.of(jdbc, staffId));
        // a row the read model does not have yet answers 404: keep asking until it is there and equal
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> assertThat(directoryRow(staffId)).isEqualTo(replayed));
    }

    private StaffMemberView directoryRow(String staffId) {
        return new org.springframework.web.client.RestTemplate().execute(
                "http://localhost:" + nodeBPort + "/api/staff/" + staffId, org.springframework.http.HttpMethod.GET,
                request -> request.getHeaders().setBasicAuth("viewer", "viewer"),
                response -> StompTestClient.JSON.readValue(response.getBody(), StaffMemberView.class));
    }

    /** A subscriber of every change that remembers what it saw, across reconnects. */
    private static final class Viewer {

        final List<StaffChangeMessage> seen = new CopyOnWriteArrayList<>();
        final List<StompTestClient> clients;
        final List<Thread> drains = new CopyOnWriteArrayList<>();
        volatile StompTestClient client;

        Viewer(int port, long start, List<StompTestClient> clients) throws Exception {
            this.clients = clients;
            subscribe(port, start);
        }

        void resumeOn(int port) throws Exception {
            subscribe(port, seen.isEmpty() ? -1 : seen.get(seen.size() - 1).position());
        }

        /** The positions of the changes seen about these staff members, in arrival order. */
        List<Long> positionsAbout(Set<String> staffIds) {
            return seen.stream().filter(change -> staffIds.contains(change.staffId()))
                    .map(StaffChangeMessage::position).toList();
        }

        void stop() {
            drains.forEach(Thread::interrupt);
        }

        private void subscribe(int port, long after) throws Exception {
            client = StompTestClient.connect(port, "viewer", "viewer");
            clients.add(client);
            BlockingQueue<StaffChangeMessage> received = client.subscribeResuming("/topic/staff", after,
                    StaffChangeMessage.class);
            Thread drain = new Thread(() -> {
                try {
                    while (true) {
                        seen.add(received.take());
                    }
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }, "viewer-drain");
            drain.setDaemon(true);
            drains.add(drain);
            drain.start();
        }
    }

    /** Registers its own staff members, then updates them round-robin until stopped or its node dies. */
    private static final class Writer {

        final StompTestClient client;
        final List<String> staffIds = new CopyOnWriteArrayList<>();
        final Map<String, Long> versions = new ConcurrentHashMap<>();
        final List<UUID> acceptedIds = new CopyOnWriteArrayList<>();
        final AtomicInteger accepted = new AtomicInteger();
        volatile StaffCommandRequest inFlight;
        volatile String inFlightDestination;
        volatile boolean stop;
        volatile boolean nodeKilled;
        volatile Throwable failure;

        Writer(StompTestClient client, List<StompTestClient> clients) {
            this.client = client;
            clients.add(client);
        }

        void run() {
            try {
                write();
            } catch (InterruptedException | RuntimeException | AssertionError e) {
                // after a kill, whatever is in flight stays unanswered; before it, this is a failure
                if (!nodeKilled) {
                    failure = e;
                    throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                }
            }
        }

        private void write() throws InterruptedException {
            for (int i = 0; i < STAFF_PER_WRITER; i++) {
                String staffId = UUID.randomUUID().toString();
                CommandReply reply = send("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId,
                        null, null, registration(staffId), null));
                staffIds.add(staffId);
                versions.put(staffId, reply.version());
            }
            for (int i = 0; !stop; i++) {
                String staffId = staffIds.get(i % staffIds.size());
                send("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId,
                        versions.get(staffId), Map.of("weeklyHours", 1 + i % 40, "notes", "update " + i), null, null));
            }
        }

        private CommandReply send(String destination, StaffCommandRequest request) throws InterruptedException {
            inFlightDestination = destination;
            inFlight = request;
            CommandReply reply = client.command(destination, request);
            inFlight = null;
            assertThat(reply.status()).as("reply to %s", request.commandId()).isEqualTo(CommandStatus.ACCEPTED);
            acceptedIds.add(request.commandId());
            accepted.incrementAndGet();
            versions.put(request.staffId(), reply.version());
            return reply;
        }
    }
}
