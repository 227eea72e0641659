package io.staffsync.app.evolution;

import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.ChangeType;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.HttpTestClient.Response;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events stored in an old shape, written straight into the event store as an import from an earlier release
 * would have left them: a revision 1 registration with a single {@code name}, and an update stored before
 * events carried revisions. Every reader must see them upcast: the aggregate, the directory (live and after
 * a replay), the live push and a resume.
 */
@EvolutionIntegrationTest
class UpcastingIT {

    private static final String REGISTERED = "io.staffsync.api.staff.event.StaffMemberRegisteredEvent";
    private static final String UPDATED = "io.staffsync.api.staff.event.StaffMemberUpdatedEvent";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SimpleBrokerMessageHandler broker;

    private HttpTestClient editor;
    private HttpTestClient admin;
    private String staffId;

    @BeforeEach
    void clients() {
        editor = new HttpTestClient(port, "editor", "editor");
        admin = new HttpTestClient(port, "admin", "admin");
        staffId = "legacy-" + UUID.randomUUID();
    }

    @Test
    void old_shape_events_are_read_upcast_by_the_aggregate_the_directory_and_the_live_feed() throws Exception {
        long before = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
        try (StompTestClient watcher = StompTestClient.connect(port, "viewer", "viewer")) {
            BlockingQueue<StaffChangeMessage> live = watcher.subscribe("/topic/staff." + staffId, StaffChangeMessage.class);
            BrokerSubscriptions.awaitSubscribers(broker, "/topic/staff." + staffId, 1);

            storeOldShapeHistory();

            // the live push reads the rows itself: the registration arrives with first and last name
            StaffChangeMessage registered = live.poll(30, TimeUnit.SECONDS);
            assertThat(registered).isNotNull();
            assertThat(registered.type()).isEqualTo(ChangeType.REGISTERED);
            assertThat(registered.state().firstName()).isEqualTo("Ada");
            assertThat(registered.state().lastName()).isEqualTo("King Lovelace");
            StaffChangeMessage updated = live.poll(30, TimeUnit.SECONDS);
            assertThat(updated).isNotNull();
            assertThat(updated.version()).isEqualTo(1);
            assertThat(updated.state().role()).isEqualTo("Analyst");
        }

        // the directory, built live by the tracking processor: the row appears with the registration, and is
        // complete once the update (version 1) has been applied too
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Response row = editor.get("/api/staff/" + staffId);
            assertThat(row.status()).isEqualTo(200);
            assertThat(row.body().path("version").asLong()).isEqualTo(1);
        });
        StaffMemberView shown = editor.getAs("/api/staff/" + staffId, StaffMemberView.class);
        assertThat(shown.firstName()).isEqualTo("Ada");
        assertThat(shown.lastName()).isEqualTo("King Lovelace");
        assertThat(shown.role()).isEqualTo("Analyst");
        assertThat(shown.version()).isEqualTo(1);

        // the aggregate loads from the old events: a command on top of them continues the version
        Response changed = editor.patch("/api/staff/" + staffId, Map.of("changes", Map.of("department", "Research")),
                "If-Match", "\"1\"");
        assertThat(changed.status()).as("update %s", changed.body()).isEqualTo(200);
        assertThat(changed.body().path("version").asLong()).isEqualTo(2);
        // a stale edit is judged against the old events too, and the current state it reports is upcast
        Response stale = editor.patch("/api/staff/" + staffId, Map.of("changes", Map.of("role", "Engineer")),
                "If-Match", "\"0\"");
        assertThat(stale.status()).as("stale update %s", stale.body()).isEqualTo(412);
        assertThat(stale.body().path("state").path("firstName").asText()).isEqualTo("Ada");
        assertThat(stale.body().path("state").path("lastName").asText()).isEqualTo("King Lovelace");
        assertThat(stale.body().path("conflict").path("contested").get(0).path("theirs").asText()).isEqualTo("Analyst");

        // the directory rebuilt from the whole event store, through the upcaster
        Projections.replay(admin, Projections.DIRECTORY);
        Projections.awaitCaughtUp(admin, jdbc, Projections.DIRECTORY);
        StaffMemberView replayed = editor.getAs("/api/staff/" + staffId, StaffMemberView.class);
        assertThat(replayed.firstName()).isEqualTo("Ada");
        assertThat(replayed.lastName()).isEqualTo("King Lovelace");
        assertThat(replayed.role()).isEqualTo("Analyst");
        assertThat(replayed.department()).isEqualTo("Research");
        assertThat(replayed.version()).isEqualTo(2);

        // a client that resumes from before the import catches up on the upcast events
        try (StompTestClient late = StompTestClient.connect(port, "viewer", "viewer")) {
            BlockingQueue<StaffChangeMessage> resumed =
                    late.subscribeResuming("/topic/staff." + staffId, before, StaffChangeMessage.class);
            StaffChangeMessage first = resumed.poll(30, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.version()).isZero();
            assertThat(first.state().firstName()).isEqualTo("Ada");
            assertThat(first.state().lastName()).isEqualTo("King Lovelace");
            assertThat(first.changes()).anySatisfy(change -> {
                assertThat(change.field().wireName()).isEqualTo("lastName");
                assertThat(change.newValue()).isEqualTo("King Lovelace");
            });
        }
    }

    private void storeOldShapeHistory() {
        String registration = """
                {"staffId":"%s","details":{"name":"Ada  King Lovelace","email":"ada.%s@example.com",\
                "department":"Analytics","employmentType":"FULL_TIME","weeklyHours":40,"skills":["math"]},\
                "reason":"imported"}""".formatted(staffId, staffId);
        String update = """
                {"staffId":"%s","changes":[{"field":"role","oldValue":null,"newValue":"Analyst"}],\
                "basedOnVersion":0,"reason":null,"conflict":null}""".formatted(staffId);
        insert(0, REGISTERED, "1", registration, "2019-03-01T09:00:00Z");
        insert(1, UPDATED, null, update, "2019-03-02T09:00:00Z");
    }

    private void insert(long sequence, String type, String revision, String payload, String at) {
        jdbc.update("""
                        INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                            meta_data, payload, payload_revision, payload_type, time_stamp)
                        VALUES (?, ?, 'StaffMember', ?, ?, ?, ?, ?, ?)""",
                staffId, sequence, UUID.randomUUID().toString(),
                "{\"actor\":\"legacy-import\"}".getBytes(StandardCharsets.UTF_8),
                payload.getBytes(StandardCharsets.UTF_8), revision, type, at);
    }
}
