package io.staffsync.app.live;

import io.staffsync.StaffSyncApplication;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.EventLog.StoredEvent;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that restarts loses nothing: its client comes back (to the restarted server) with the last position
 * it saw and receives what changed meanwhile, including changes made through another node; and every node
 * pushes every change to its own subscribers, whichever node took the command.
 */
@StaffSyncIntegrationTest
class RestartResumeIT {

    @LocalServerPort
    int otherNodePort;
    @Autowired
    EmbeddedPostgres postgres;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_client_of_a_restarted_server_resumes_from_its_last_position_and_misses_nothing() throws Exception {
        String staffId = UUID.randomUUID().toString();
        long lastSeen;
        try (ConfigurableApplicationContext server = startNode()) {
            int port = port(server);
            try (StompTestClient client = StompTestClient.connect(port, "viewer", "viewer");
                 StompTestClient editor = StompTestClient.connect(port, "editor", "editor")) {
                BlockingQueue<StaffChangeMessage> live = client.subscribe("/topic/staff." + staffId,
                        StaffChangeMessage.class);
                BrokerSubscriptions.awaitSubscribers(server.getBean(SimpleBrokerMessageHandler.class),
                        "/topic/staff." + staffId, 1);
                editor.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null, null,
                        registration(staffId), null));
                lastSeen = ResumeIT.take(live, 1).get(0).position();
            }
        }

        // while the server is down, another node takes three edits
        HttpTestClient otherNode = new HttpTestClient(otherNodePort, "editor", "editor");
        for (int version = 0; version < 3; version++) {
            assertThat(otherNode.patch("/api/staff/" + staffId, Map.of("changes", Map.of("weeklyHours", 10 + version)),
                    "If-Match", "\"" + version + "\"").status()).isEqualTo(200);
        }

        try (ConfigurableApplicationContext restarted = startNode()) {
            int port = port(restarted);
            try (StompTestClient client = StompTestClient.connect(port, "viewer", "viewer");
                 StompTestClient editor = StompTestClient.connect(port, "editor", "editor")) {
                BlockingQueue<StaffChangeMessage> resumed = client.subscribeResuming("/topic/staff." + staffId,
                        lastSeen, StaffChangeMessage.class);
                List<StaffChangeMessage> missed = ResumeIT.take(resumed, 3);
                List<StoredEvent> stored = EventLog.of(jdbc, staffId);
                assertThat(missed).extracting(StaffChangeMessage::position)
                        .containsExactlyElementsOf(stored.subList(1, 4).stream().map(StoredEvent::position).toList());

                editor.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId, 3L,
                        Map.of("role", "Lead"), null, null));
                StaffChangeMessage next = ResumeIT.take(resumed, 1).get(0);
                assertThat(next.version()).isEqualTo(4);
                assertThat(next.state()).isEqualTo(EventLog.replay(EventLog.of(jdbc, staffId)));
                assertThat(resumed.poll(300, TimeUnit.MILLISECONDS)).isNull();
            }
        }
    }

    @Test
    void changes_made_through_one_node_reach_subscribers_of_another_in_order() throws Exception {
        String staffId = UUID.randomUUID().toString();
        try (ConfigurableApplicationContext nodeB = startNode();
             StompTestClient onB = StompTestClient.connect(port(nodeB), "viewer", "viewer");
             StompTestClient editorOnA = StompTestClient.connect(otherNodePort, "editor", "editor")) {
            BlockingQueue<StaffChangeMessage> received = onB.subscribe("/topic/staff." + staffId,
                    StaffChangeMessage.class);
            BrokerSubscriptions.awaitSubscribers(nodeB.getBean(SimpleBrokerMessageHandler.class),
                    "/topic/staff." + staffId, 1);
            editorOnA.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null, null,
                    registration(staffId), null));
            for (long version = 0; version < 5; version++) {
                editorOnA.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId, version,
                        Map.of("weeklyHours", 20 + (int) version), null, null));
            }
            List<StaffChangeMessage> changes = ResumeIT.take(received, 6);
            assertThat(changes).extracting(StaffChangeMessage::position).containsExactlyElementsOf(
                    EventLog.of(jdbc, staffId).stream().map(StoredEvent::position).toList());
        }
    }

    private ConfigurableApplicationContext startNode() {
        return new SpringApplicationBuilder(StaffSyncApplication.class).profiles("test")
                .run("--server.port=0", "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
