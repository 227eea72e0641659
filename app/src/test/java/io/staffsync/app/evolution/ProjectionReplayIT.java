package io.staffsync.app.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.HttpTestClient.Response;
import io.staffsync.app.support.StompTestClient;
import io.staffsync.query.live.ChangeFeed;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rebuilding a projection from the whole event store through {@code POST /api/admin/projections/{name}/replay}:
 * the rebuilt tables equal the ones built live, progress is reported sanely, and subscribers are not flooded.
 */
@EvolutionIntegrationTest
class ProjectionReplayIT {


    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SimpleBrokerMessageHandler broker;
    @Autowired
    ChangeFeed changeFeed;

    private HttpTestClient editor;
    private HttpTestClient admin;

    @BeforeEach
    void clients() {
        editor = new HttpTestClient(port, "editor", "editor");
        admin = new HttpTestClient(port, "admin", "admin");
    }

    @Test
    void a_replayed_directory_and_conflict_list_equal_the_ones_built_live() throws Exception {
        List<String> staffIds = buildHistory("live", 24);
        Projections.awaitCaughtUp(admin, jdbc, Projections.DIRECTORY);
        Projections.awaitCaughtUp(admin, jdbc, Projections.CONFLICTS);
        List<String> directory = Projections.directoryRows(jdbc);
        List<String> conflicts = Projections.conflictRows(jdbc);
        assertThat(directory).hasSizeGreaterThanOrEqualTo(24);
        assertThat(conflicts).isNotEmpty();
        // damage both tables behind the projections' backs: only a real rebuild repairs this
        jdbc.update("UPDATE staff_directory SET notes = 'tampered', version = version + 100 WHERE staff_id = ?",
                staffIds.get(0));
        jdbc.update("DELETE FROM staff_directory WHERE staff_id = ?", staffIds.get(1));
        jdbc.update("UPDATE staff_conflict SET status = 'TAMPERED'");
        long head = headPosition();

        List<JsonNode> directoryProgress = Projections.replay(admin, Projections.DIRECTORY);
        List<JsonNode> conflictProgress = Projections.replay(admin, Projections.CONFLICTS);

        assertSaneProgress(directoryProgress, head);
        assertSaneProgress(conflictProgress, head);
        assertThat(Projections.directoryRows(jdbc)).isEqualTo(directory);
        assertThat(Projections.conflictRows(jdbc)).isEqualTo(conflicts);
        JsonNode done = directoryProgress.get(directoryProgress.size() - 1).path("replay");
        System.out.printf("replay of %s: %d events at %.0f events/s%n", Projections.DIRECTORY,
                done.path("eventsTotal").asLong(), done.path("eventsPerSecond").asDouble());
    }

    @Test
    void a_replay_sends_nothing_to_subscribers() throws Exception {
        buildHistory("quiet", 6);
        Projections.awaitCaughtUp(admin, jdbc, Projections.DIRECTORY);
        // the live feed pushes the history on its own; a subscriber that came earlier would get the tail of it
        long head = headPosition();
        await("the live feed to deliver up to " + head).atMost(Duration.ofSeconds(60))
                .until(() -> changeFeed.deliveredPosition() >= head);
        try (StompTestClient viewer = StompTestClient.connect(port, "viewer", "viewer")) {
            BlockingQueue<StaffChangeMessage> all = viewer.subscribe("/topic/staff", StaffChangeMessage.class);
            BrokerSubscriptions.awaitSubscription(broker, "/topic/staff", viewer.subscriptionId(all));

            Projections.replay(admin, Projections.DIRECTORY);
            assertThat(all).as("changes pushed during the replay").isEmpty();

            // the subscription is alive: the next change arrives; anything before it is news, not a replayed event
            String staffId = "after-replay-" + UUID.randomUUID();
            Response created = editor.post("/api/staff", Map.of("staffId", staffId, "fields", registration(staffId)));
            assertThat(created.status()).isEqualTo(201);
            List<StaffChangeMessage> before = new ArrayList<>();
            StaffChangeMessage next;
            while ((next = all.poll(30, TimeUnit.SECONDS)) != null && !next.staffId().equals(staffId)) {
                before.add(next);
            }
            assertThat(next).as("the change after the replay").isNotNull();
            assertThat(before).as("changes pushed before it").allSatisfy(change ->
                    assertThat(change.position()).as("position of a pushed change").isGreaterThan(head));
        }
    }

    @Test
    void a_replay_under_write_load_ends_equal_to_live_processing() throws Exception {
        List<String> quiet = buildHistory("steady", 8);
        List<String> busy = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String staffId = "busy-" + i + "-" + UUID.randomUUID();
            assertThat(editor.post("/api/staff", Map.of("staffId", staffId, "fields", registration(staffId))).status())
                    .isEqualTo(201);
            busy.add(staffId);
        }
        // Writers keep updating through the replay, and stop on their own: each makes at least 10 and at most
        // 50 updates after the reset, so that a slow replay still catches up with a finite load.
        AtomicBoolean reset = new AtomicBoolean(false);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicBoolean abort = new AtomicBoolean(false);
        ExecutorService writers = Executors.newFixedThreadPool(busy.size());
        List<Future<Integer>> written = new ArrayList<>();
        for (String staffId : busy) {
            written.add(writers.submit(() -> {
                HttpTestClient client = new HttpTestClient(port, "editor", "editor");
                int afterReset = 0;
                long version = 0;
                while (!abort.get() && (afterReset < 10 || writing.get() && afterReset < 50)) {
                    boolean sentAfterReset = reset.get();
                    Response updated = client.patch("/api/staff/" + staffId,
                            Map.of("changes", Map.of("weeklyHours", afterReset % 40, "notes", "write " + version)),
                            "If-Match", "\"" + version + "\"");
                    assertThat(updated.status()).as("update %s: %s", staffId, updated.body()).isEqualTo(200);
                    version = updated.body().path("version").asLong();
                    if (sentAfterReset) {
                        afterReset++;
                    }
                }
                return afterReset;
            }));
        }

        List<JsonNode> progress;
        int total = 0;
        try {
            progress = Projections.replay(admin, Projections.DIRECTORY, () -> reset.set(true));
            writing.set(false);
            for (Future<Integer> writer : written) {
                total += writer.get(120, TimeUnit.SECONDS);
            }
        } finally {
            abort.set(true);
            writers.shutdownNow();
        }
        Projections.awaitCaughtUp(admin, jdbc, Projections.DIRECTORY);

        assertThat(total).isGreaterThanOrEqualTo(10 * busy.size());
        assertThat(progress.get(progress.size() - 1).path("caughtUp").asBoolean()).isTrue();
        List<String> everyone = new ArrayList<>(quiet);
        everyone.addAll(busy);
        for (String staffId : everyone) {
            StaffMemberView expected = EventLog.replay(EventLog.of(jdbc, staffId));
            StaffMemberView shown = editor.getAs("/api/staff/" + staffId, StaffMemberView.class);
            assertThat(shown).as("directory row of %s", staffId).isEqualTo(expected);
        }
    }

    @Test
    void the_projection_list_shows_every_tracking_processor_with_its_segments() {
        Projections.awaitCaughtUp(admin, jdbc, Projections.DIRECTORY);
        Response list = admin.get("/api/admin/projections");

        assertThat(list.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        list.body().forEach(projection -> names.add(projection.path("name").asText()));
        assertThat(names).contains(Projections.DIRECTORY, Projections.CONFLICTS);
        JsonNode directory = Projections.status(admin, Projections.DIRECTORY);
        assertThat(directory.path("segmentCount").asInt()).isEqualTo(2);
        assertThat(directory.path("segments")).hasSize(2);
        assertThat(directory.path("state").asText()).isEqualTo("CAUGHT_UP");
        assertThat(directory.path("replaying").asBoolean()).isFalse();
    }

    @Test
    void unknown_projections_are_not_found_and_subscribing_processors_cannot_be_replayed() {
        Response unknown = admin.post("/api/admin/projections/no-such-projection/replay", "");
        Response subscribing = admin.post("/api/admin/projections/email-registry/replay", "");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.body().path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(subscribing.status()).isEqualTo(404);
        assertThat(admin.get("/api/admin/projections/no-such-projection").status()).isEqualTo(404);
    }

    /**
     * Positions and counts never go backwards, stay within the history, and the last status says it is done:
     * replaying false, caught up true, every event of the history handled again.
     */
    private static void assertSaneProgress(List<JsonNode> statuses, long head) {
        long target = statuses.get(0).path("replay").path("targetPosition").asLong();
        assertThat(target).isGreaterThanOrEqualTo(head);
        long lastDone = -1;
        long lastPosition = -1;
        for (JsonNode status : statuses) {
            JsonNode replay = status.path("replay");
            assertThat(replay.path("targetPosition").asLong()).isEqualTo(target);
            assertThat(replay.path("eventsTotal").asLong()).isEqualTo(target);
            long done = replay.path("eventsDone").asLong();
            assertThat(done).as("events done in %s", status).isBetween(lastDone, target);
            assertThat(replay.path("eventsPerSecond").asDouble()).isGreaterThanOrEqualTo(0);
            if (status.path("state").asText().equals("REPLAYING") || status.path("state").asText().equals("CATCHING_UP")
                    || status.path("state").asText().equals("CAUGHT_UP")) {
                // all segments claimed: the slowest segment's position only moves forward
                assertThat(status.path("position").asLong()).isGreaterThanOrEqualTo(lastPosition);
                lastPosition = status.path("position").asLong();
            }
            assertThat(status.path("position").asLong()).isLessThanOrEqualTo(status.path("headPosition").asLong());
            lastDone = done;
        }
        JsonNode last = statuses.get(statuses.size() - 1);
        assertThat(last.path("state").asText()).isEqualTo("CAUGHT_UP");
        assertThat(last.path("replaying").asBoolean()).isFalse();
        assertThat(last.path("caughtUp").asBoolean()).isTrue();
        assertThat(last.path("replay").path("eventsDone").asLong()).isEqualTo(target);
        assertThat(last.path("replay").path("etaSeconds").asDouble()).isZero();
        assertThat(last.path("replay").path("finishedAt").isTextual()).isTrue();
        assertThat(last.path("segments")).hasSize(2);
    }

    private long headPosition() {
        return jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
    }

    /**
     * Registrations, updates, stale updates settled by each strategy, user-choice conflicts (some resolved),
     * deactivations and a reactivation.
     */
    private List<String> buildHistory(String prefix, int staff) {
        List<String> staffIds = new ArrayList<>();
        Map<String, Long> versions = new HashMap<>();
        for (int i = 0; i < staff; i++) {
            String staffId = prefix + "-" + i + "-" + UUID.randomUUID();
            Response created = editor.post("/api/staff", Map.of("staffId", staffId, "fields", registration(staffId)));
            assertThat(created.status()).isEqualTo(201);
            staffIds.add(staffId);
            versions.put(staffId, 0L);
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < staff; i++) {
                String staffId = staffIds.get(i);
                Map<String, Object> changes = new HashMap<>();
                changes.put("role", "Role " + round);
                changes.put("skills", List.of("skill-" + round, "skill-" + i));
                if (i % 3 == 0) {
                    changes.put("employmentType", round % 2 == 0 ? "PART_TIME" : "CONTRACTOR");
                    changes.put("weeklyHours", 20 + round);
                }
                versions.put(staffId, update(staffId, versions.get(staffId), changes, null, 200));
            }
        }
        for (int i = 0; i < staff; i += 2) {
            String staffId = staffIds.get(i);
            long stale = versions.get(staffId) - 2;
            switch (i % 8) {
                case 0 -> versions.put(staffId, update(staffId, stale,
                        Map.of("skills", List.of("merged-" + i), "department", "Merged"), "MERGE_CHANGES", 200));
                case 2 -> versions.put(staffId, update(staffId, stale, Map.of("role", "Overwritten"),
                        "LAST_WRITER_WINS", 200));
                case 4 -> update(staffId, stale, Map.of("role", "Too late"), "FIRST_WRITER_WINS", 412);
                default -> {
                    Response raised = editor.patch("/api/staff/" + staffId,
                            Map.of("changes", Map.of("role", "Chosen?", "notes", "pending"), "strategy", "USER_CHOICE"),
                            "If-Match", "\"" + stale + "\"");
                    assertThat(raised.status()).as("raise %s", raised.body()).isEqualTo(202);
                    long version = raised.body().path("version").asLong();
                    if (i % 16 == 6) {
                        String conflictId = raised.body().path("conflict").path("conflictId").asText();
                        Response resolved = editor.post("/api/staff/" + staffId + "/conflicts/" + conflictId + "/resolve",
                                Map.of("choices", Map.of("role", Map.of("choice", "MINE")), "reason", "decided"),
                                "If-Match", "\"" + version + "\"");
                        assertThat(resolved.status()).as("resolve %s", resolved.body()).isEqualTo(200);
                        version = resolved.body().path("version").asLong();
                    }
                    versions.put(staffId, version);
                }
            }
        }
        for (int i = 1; i < staff; i += 5) {
            String staffId = staffIds.get(i);
            Response deactivated = editor.post("/api/staff/" + staffId + "/deactivate", Map.of("reason", "left"),
                    "If-Match", "\"" + versions.get(staffId) + "\"");
            assertThat(deactivated.status()).as("deactivate %s", deactivated.body()).isEqualTo(200);
            versions.put(staffId, deactivated.body().path("version").asLong());
        }
        String returning = staffIds.get(1);
        Response reactivated = editor.post("/api/staff/" + returning + "/reactivate", Map.of(),
                "If-Match", "\"" + versions.get(returning) + "\"");
        assertThat(reactivated.status()).as("reactivate %s", reactivated.body()).isEqualTo(200);
        return staffIds;
    }

    private long update(String staffId, long version, Map<String, Object> changes, String strategy, int expected) {
        Map<String, Object> body = new HashMap<>();
        body.put("changes", changes);
        if (strategy != null) {
            body.put("strategy", strategy);
        }
        Response updated = editor.patch("/api/staff/" + staffId, body, "If-Match", "\"" + version + "\"");
        assertThat(updated.status()).as("update %s: %s", staffId, updated.body()).isEqualTo(expected);
        return updated.body().path("version").asLong();
    }
}
