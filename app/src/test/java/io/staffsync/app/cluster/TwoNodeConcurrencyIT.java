package io.staffsync.app.cluster;

import io.staffsync.StaffSyncApplication;
import io.staffsync.api.staff.conflict.ChoiceKind;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.FieldChoice;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.ResolveConflictRequest;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one database race updates of one staff member from the same version. In one JVM Axon
 * serializes commands per aggregate; across nodes only the event store's uniqueness on (aggregate, sequence)
 * decides. Exactly one write may win, whichever node it came through. Each node also keeps staff members in
 * memory between commands, so a node's copy may be behind what the other node stored: that must never show.
 * Idempotency and email uniqueness hold across the nodes too, and a change made through one node wakes the other
 * node's live feed through PostgreSQL's NOTIFY rather than its poll.
 */
@StaffSyncIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodeConcurrencyIT {

    private static final int CLIENTS_PER_NODE = 8;

    @LocalServerPort
    int nodeAPort;
    @Autowired
    EmbeddedPostgres postgres;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    private ConfigurableApplicationContext nodeB;
    private int nodeBPort;

    @BeforeAll
    void startNodeB() {
        nodeB = new SpringApplicationBuilder(StaffSyncApplication.class)
                .profiles("test")
                .run("--server.port=0", "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres",
                        // only PostgreSQL's NOTIFY can wake node B's live feed promptly; its own poll is a minute away
                        "--staffsync.live.poll-interval=60s");
        nodeBPort = ((WebServerApplicationContext) nodeB).getWebServer().getPort();
    }

    @AfterAll
    void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    @Test
    void of_updates_racing_through_two_nodes_from_one_version_exactly_one_is_stored() throws Exception {
        String staffId = UUID.randomUUID().toString();
        List<StompTestClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2 * CLIENTS_PER_NODE);
        try {
            for (int i = 0; i < CLIENTS_PER_NODE; i++) {
                clients.add(StompTestClient.connect(nodeAPort, "alice", "alice"));
                clients.add(StompTestClient.connect(nodeBPort, "bob", "bob"));
            }
            assertThat(clients.get(0).command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId,
                    null, null, registration(staffId), null)).status()).isEqualTo(CommandStatus.ACCEPTED);

            CountDownLatch start = new CountDownLatch(1);
            List<Future<CommandReply>> racing = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                StompTestClient client = clients.get(i);
                String note = "written through client " + i;
                racing.add(pool.submit(() -> {
                    start.await();
                    return client.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId,
                            0L, Map.of("notes", note), null, null));
                }));
            }
            start.countDown();
            List<CommandReply> replies = new ArrayList<>();
            for (Future<CommandReply> reply : racing) {
                replies.add(reply.get());
            }

            assertThat(replies).filteredOn(r -> r.status() == CommandStatus.ACCEPTED).hasSize(1);
            assertThat(replies).filteredOn(r -> r.status() == CommandStatus.CONFLICT).hasSize(clients.size() - 1)
                    .allSatisfy(r -> assertThat(r.error().code()).isEqualTo(ErrorCode.STALE_VERSION));
            List<EventLog.StoredEvent> stored = EventLog.of(jdbc, staffId);
            assertThat(stored).hasSize(2);
            CommandReply winner = replies.stream().filter(r -> r.status() == CommandStatus.ACCEPTED).findFirst().get();
            assertThat(stored.get(1).metaData().path("commandId").asText()).isEqualTo(winner.commandId().toString());
        } finally {
            pool.shutdownNow();
            clients.forEach(StompTestClient::close);
        }
    }

    @Test
    void a_node_whose_copy_of_a_staff_member_is_behind_the_store_answers_as_if_it_were_not() throws Exception {
        String staffId = UUID.randomUUID().toString();
        try (StompTestClient onA = StompTestClient.connect(nodeAPort, "alice", "alice");
             StompTestClient onB = StompTestClient.connect(nodeBPort, "bob", "bob")) {
            assertThat(onA.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null,
                    null, registration(staffId), null)).status()).isEqualTo(CommandStatus.ACCEPTED);
            assertThat(update(onA, staffId, 0, "first, through A").version()).isEqualTo(1);
            // node A now holds version 1 in memory; node B stores version 2
            assertThat(update(onB, staffId, 1, "second, through B").version()).isEqualTo(2);

            // a client that saw version 2 writes through A: A's copy (version 1) must not call it ahead
            double retriedBefore = retried();
            CommandReply current = update(onA, staffId, 2, "third, through A");
            assertThat(current.status()).as("%s", current).isEqualTo(CommandStatus.ACCEPTED);
            assertThat(current.version()).isEqualTo(3);
            assertThat(retried()).as("node A sent it again after finding its copy behind").isGreaterThan(retriedBefore);

            // node B's copy is now behind (version 2); a client that saw only version 2 is stale, and is told so
            CommandReply stale = update(onB, staffId, 2, "stale, through B");
            assertThat(stale.status()).as("%s", stale).isEqualTo(CommandStatus.CONFLICT);
            assertThat(stale.error().code()).isEqualTo(ErrorCode.STALE_VERSION);

            List<EventLog.StoredEvent> stored = EventLog.of(jdbc, staffId);
            assertThat(stored).hasSize(4);
            assertThat(stored.get(3).metaData().path("commandId").asText())
                    .isEqualTo(current.commandId().toString());
        }
    }

    @Test
    void a_change_made_through_one_node_wakes_the_other_nodes_feed_at_once() throws Exception {
        String staffId = UUID.randomUUID().toString();
        try (StompTestClient onA = StompTestClient.connect(nodeAPort, "alice", "alice");
             StompTestClient viewerOnB = StompTestClient.connect(nodeBPort, "viewer", "viewer")) {
            BlockingQueue<StaffChangeMessage> changes = viewerOnB.subscribe("/topic/staff." + staffId,
                    StaffChangeMessage.class);
            BrokerSubscriptions.awaitSubscribers(nodeB.getBean(SimpleBrokerMessageHandler.class),
                    "/topic/staff." + staffId, 1);
            for (int version = 0; version < 3; version++) {
                long sent = System.nanoTime();
                CommandReply reply = version == 0
                        ? onA.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null,
                        null, registration(staffId), null))
                        : update(onA, staffId, version - 1, "change " + version);
                // far less than node B's 60 s poll: a feed that missed the NOTIFY would not have it yet
                StaffChangeMessage change = changes.poll(15, TimeUnit.SECONDS);
                assertThat(change).as("change %d pushed on node B after %d ms", version,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isNotNull();
                assertThat(change.position()).isEqualTo(reply.position());
            }
        }
    }

    @Test
    void one_command_delivered_through_both_nodes_at_once_is_stored_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (StompTestClient onA = StompTestClient.connect(nodeAPort, "alice", "alice");
             StompTestClient onB = StompTestClient.connect(nodeBPort, "alice", "alice")) {
            for (int round = 0; round < 10; round++) {
                String staffId = UUID.randomUUID().toString();
                assertThat(onA.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null,
                        null, registration(staffId), null)).status()).isEqualTo(CommandStatus.ACCEPTED);
                // a client that lost its connection retries the same command through another node
                StaffCommandRequest request = new StaffCommandRequest(UUID.randomUUID(), staffId, 0L,
                        Map.of("notes", "round " + round), null, null);
                List<CommandReply> replies = atOnce(pool,
                        () -> onA.command("/app/staff.update", request),
                        () -> onB.command("/app/staff.update", request));

                assertThat(replies).extracting(CommandReply::status).as("round %d: %s", round, replies)
                        .containsExactlyInAnyOrder(CommandStatus.ACCEPTED, CommandStatus.DUPLICATE);
                assertThat(replies).extracting(CommandReply::version).containsOnly(1L);
                List<EventLog.StoredEvent> stored = EventLog.of(jdbc, staffId);
                assertThat(stored).hasSize(2);
                assertThat(replies).extracting(CommandReply::position).containsOnly(stored.get(1).position());
                assertThat(stored.get(1).metaData().path("commandId").asText()).isEqualTo(request.commandId().toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void one_email_registered_through_both_nodes_at_once_is_taken_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (StompTestClient onA = StompTestClient.connect(nodeAPort, "alice", "alice");
             StompTestClient onB = StompTestClient.connect(nodeBPort, "bob", "bob")) {
            for (int round = 0; round < 10; round++) {
                String email = "shared." + UUID.randomUUID() + "@example.com";
                List<String> staffIds = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
                List<CommandReply> replies = atOnce(pool,
                        () -> onA.command("/app/staff.create", registrationWithEmail(staffIds.get(0), email)),
                        () -> onB.command("/app/staff.create", registrationWithEmail(staffIds.get(1), email)));

                assertThat(replies).filteredOn(r -> r.status() == CommandStatus.ACCEPTED).as("round %d: %s", round,
                        replies).hasSize(1);
                assertThat(replies).filteredOn(r -> r.status() == CommandStatus.REJECTED).singleElement()
                        .satisfies(r -> assertThat(r.error().code()).isEqualTo(ErrorCode.EMAIL_TAKEN));
                Long stored = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier IN (?, ?)",
                        Long.class, staffIds.get(0), staffIds.get(1));
                assertThat(stored).isEqualTo(1);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM staff_email WHERE email = ?", Long.class, email))
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_conflict_raised_through_one_node_is_settled_once_when_both_nodes_settle_it_at_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        String staffId = UUID.randomUUID().toString();
        try (StompTestClient onA = StompTestClient.connect(nodeAPort, "alice", "alice");
             StompTestClient onB = StompTestClient.connect(nodeBPort, "bob", "bob")) {
            assertThat(onA.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null,
                    null, registration(staffId), null)).status()).isEqualTo(CommandStatus.ACCEPTED);
            assertThat(update(onA, staffId, 0, "alice's note").status()).isEqualTo(CommandStatus.ACCEPTED);
            CommandReply raised = onB.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId,
                    0L, Map.of("notes", "bob's note"), null, null, ConflictStrategy.USER_CHOICE));
            assertThat(raised.status()).as("%s", raised).isEqualTo(CommandStatus.PENDING_CHOICE);

            List<CommandReply> replies = atOnce(pool,
                    () -> onA.command("/app/conflict.resolve", settle(staffId, raised, ChoiceKind.THEIRS)),
                    () -> onB.command("/app/conflict.resolve", settle(staffId, raised, ChoiceKind.MINE)));

            assertThat(replies).filteredOn(r -> r.status() == CommandStatus.ACCEPTED).as("%s", replies).hasSize(1);
            CommandReply loser = replies.stream().filter(r -> r.status() != CommandStatus.ACCEPTED).findFirst()
                    .orElseThrow();
            assertThat(loser.status()).as("%s", loser).isIn(CommandStatus.CONFLICT, CommandStatus.REJECTED);
            if (loser.status() == CommandStatus.REJECTED) {
                assertThat(loser.error().code()).isEqualTo(ErrorCode.CONFLICT_NOT_PENDING);
            }
            List<EventLog.StoredEvent> stored = EventLog.of(jdbc, staffId);
            assertThat(stored).filteredOn(event -> event.metaData().path("commandId").asText()
                    .equals(loser.commandId().toString())).as("events of the losing settlement").isEmpty();
            assertThat(stored).filteredOn(event -> event.payloadType().endsWith("ConflictResolvedEvent"))
                    .as("settlements stored").hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs both commands at the same moment, each on its own thread; their replies in that order. */
    private static List<CommandReply> atOnce(ExecutorService pool, Callable<CommandReply> first,
                                             Callable<CommandReply> second) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Future<CommandReply> one = pool.submit(() -> {
            start.await();
            return first.call();
        });
        Future<CommandReply> other = pool.submit(() -> {
            start.await();
            return second.call();
        });
        start.countDown();
        return List.of(one.get(60, TimeUnit.SECONDS), other.get(60, TimeUnit.SECONDS));
    }

    private static StaffCommandRequest registrationWithEmail(String staffId, String email) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>(registration(staffId));
        fields.put("email", email);
        return new StaffCommandRequest(UUID.randomUUID(), staffId, null, null, fields, null);
    }

    private static ResolveConflictRequest settle(String staffId, CommandReply raised, ChoiceKind choice) {
        return new ResolveConflictRequest(UUID.randomUUID(), staffId, raised.version(), raised.conflict().conflictId(),
                Map.of("notes", new FieldChoice(choice, null)), null);
    }

    private double retried() {
        var counter = meters.find("staffsync.commands.retried").counter();
        return counter == null ? 0 : counter.count();
    }

    private static CommandReply update(StompTestClient client, String staffId, long expectedVersion, String notes)
            throws InterruptedException {
        return client.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId,
                expectedVersion, Map.of("notes", notes), null, null));
    }
}
