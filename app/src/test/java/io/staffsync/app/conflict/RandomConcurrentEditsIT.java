package io.staffsync.app.conflict;

import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.EventLog.StoredEvent;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Randomized (seeded, so a failure can be replayed): editors on their own connections fire updates with
 * random strategies from whatever version they last saw, concurrently, on a few staff members. Whatever the
 * interleaving: every reply matches what the store holds, nothing rejected is stored, and the read model
 * equals a replay of the log.
 */
@StaffSyncIntegrationTest
class RandomConcurrentEditsIT {

    private static final long SEED = Long.getLong("staffsync.random.seed", 20261125L);
    private static final int EDITORS = 6;
    private static final int EDITS_PER_EDITOR = 25;
    private static final String[] ROLES = {"Engineer", "Lead", "Architect"};
    private static final String[] SKILLS = {"a", "b", "c", "d"};
    private static final ConflictStrategy[] STRATEGIES = {ConflictStrategy.LAST_WRITER_WINS,
            ConflictStrategy.FIRST_WRITER_WINS, ConflictStrategy.MERGE_CHANGES, ConflictStrategy.USER_CHOICE};

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void random_concurrent_edits_keep_replies_store_and_read_model_consistent() throws Exception {
        List<String> staffIds = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        Map<String, Long> latestSeen = new ConcurrentHashMap<>();
        List<StompTestClient> editors = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(EDITORS);
        List<CommandReply> replies = new ArrayList<>();
        try {
            for (int i = 0; i < EDITORS; i++) {
                editors.add(StompTestClient.connect(port, i % 2 == 0 ? "alice" : "bob", i % 2 == 0 ? "alice" : "bob"));
            }
            for (String staffId : staffIds) {
                editors.get(0).command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null,
                        null, registration(staffId), null));
                latestSeen.put(staffId, 0L);
            }
            List<Future<List<CommandReply>>> work = new ArrayList<>();
            for (int e = 0; e < EDITORS; e++) {
                StompTestClient editor = editors.get(e);
                Random random = new Random(SEED + e);
                work.add(pool.submit(() -> {
                    List<CommandReply> mine = new ArrayList<>();
                    for (int n = 0; n < EDITS_PER_EDITOR; n++) {
                        String staffId = staffIds.get(random.nextInt(staffIds.size()));
                        // sometimes edit from an older version than the latest one seen
                        long seen = Math.max(0, latestSeen.get(staffId) - random.nextInt(3));
                        CommandReply reply = editor.command("/app/staff.update", new StaffCommandRequest(
                                UUID.randomUUID(), staffId, seen, randomPatch(random), null, null,
                                STRATEGIES[random.nextInt(STRATEGIES.length)]));
                        if (reply.version() != null) {
                            latestSeen.merge(staffId, reply.version(), Math::max);
                        }
                        mine.add(reply);
                    }
                    return mine;
                }));
            }
            for (Future<List<CommandReply>> done : work) {
                replies.addAll(done.get());
            }
        } finally {
            pool.shutdownNow();
            editors.forEach(StompTestClient::close);
        }

        assertThat(replies).hasSize(EDITORS * EDITS_PER_EDITOR);
        assertThat(replies).extracting(CommandReply::status).doesNotContain(CommandStatus.REJECTED);
        for (String staffId : staffIds) {
            List<StoredEvent> stored = EventLog.of(jdbc, staffId);
            List<CommandReply> about = replies.stream().filter(r -> staffId.equals(r.staffId())).toList();
            List<Long> storedVersions = stored.stream().map(StoredEvent::sequenceNumber).toList();
            for (CommandReply reply : about) {
                if (reply.status() == CommandStatus.ACCEPTED || reply.status() == CommandStatus.PENDING_CHOICE) {
                    assertThat(storedVersions).contains(reply.version());
                    assertThat(stored.get(reply.version().intValue()).position()).isEqualTo(reply.position());
                    assertThat(stored.get(reply.version().intValue()).metaData().path("commandId").asText())
                            .as("the event at the replied version was caused by that command, or it was a no-op")
                            .satisfiesAnyOf(
                                    id -> assertThat(id).isEqualTo(reply.commandId().toString()),
                                    id -> assertThat(reply.conflict() == null
                                            || reply.conflict().contested().isEmpty()).isTrue());
                }
            }
            long eventsFromReplies = about.stream()
                    .filter(r -> r.status() == CommandStatus.ACCEPTED || r.status() == CommandStatus.PENDING_CHOICE)
                    .filter(r -> stored.get(r.version().intValue()).metaData().path("commandId").asText()
                            .equals(r.commandId().toString()))
                    .count();
            assertThat(stored).as("every stored event after registration answers exactly one accepted command")
                    .hasSize((int) eventsFromReplies + 1);

            long lastVersion = stored.get(stored.size() - 1).sequenceNumber();
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                    "SELECT version FROM staff_directory WHERE staff_id = ?", Long.class, staffId).contains(lastVersion));
            assertThat(new HttpTestClient(port, "viewer", "viewer").getAs("/api/staff/" + staffId, StaffMemberView.class))
                    .isEqualTo(EventLog.replay(stored));
        }
    }

    private static Map<String, Object> randomPatch(Random random) {
        Map<String, Object> patch = new HashMap<>();
        if (random.nextBoolean()) {
            patch.put("role", ROLES[random.nextInt(ROLES.length)]);
        }
        if (random.nextBoolean()) {
            patch.put("weeklyHours", 10 * (1 + random.nextInt(4)));
        }
        if (random.nextBoolean()) {
            List<String> skills = new ArrayList<>();
            for (String skill : SKILLS) {
                if (random.nextBoolean()) {
                    skills.add(skill);
                }
            }
            patch.put("skills", skills);
        }
        if (patch.isEmpty()) {
            patch.put("notes", "note " + random.nextInt(3));
        }
        return patch;
    }
}
