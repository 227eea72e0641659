package io.staffsync.app.cluster;

import io.staffsync.StaffSyncApplication;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.StaffCommandRequest;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one database race updates of one staff member from the same version. In one JVM Axon
 * serializes commands per aggregate; across nodes only the event store's uniqueness on (aggregate, sequence)
 * decides. Exactly one write may win, whichever node it came through. Each node also keeps staff members in
 * memory between commands, so a node's copy may be behind what the other node stored: that must never show.
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
                        "--spring.datasource.username=postgres");
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
