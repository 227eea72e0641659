package io.staffsync.app.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.HttpTestClient.Response;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A staff member with a long history is loaded from a snapshot plus the events after it; that must be the
 * same staff member a full replay of its events gives, and it must decide the next commands the same way.
 */
@EvolutionIntegrationTest
class SnapshotIT {

    /** The aggregate is package-private to the command side; the test names it only to load it. */
    private static final String AGGREGATE = "io.staffsync.command.staff.StaffMember";
    private static final int UPDATES = 260;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore eventStore;
    @Autowired
    ObjectMapper json;

    private HttpTestClient editor;
    private String staffId;

    @BeforeEach
    void register() {
        editor = new HttpTestClient(port, "editor", "editor");
        staffId = "long-" + UUID.randomUUID();
        assertThat(editor.post("/api/staff", Map.of("staffId", staffId, "fields", registration(staffId))).status())
                .isEqualTo(201);
    }

    @Test
    void a_staff_member_loaded_from_a_snapshot_equals_its_full_replay_and_decides_alike() throws Exception {
        // version 1: someone changes the role; version 2: a stale user-choice edit parks a conflict over it,
        // with skills and weekly hours as its uncontested part
        assertThat(patch(0, Map.of("role", "Lead"), null).status()).isEqualTo(200);
        Response raised = patch(0, Map.of("role", "Architect", "skills", List.of("kotlin", "sql"), "weeklyHours", 32),
                "USER_CHOICE");
        assertThat(raised.status()).as("raise %s", raised.body()).isEqualTo(202);
        String conflictId = raised.body().path("conflict").path("conflictId").asText();
        long version = raised.body().path("version").asLong();
        for (int i = 0; i < UPDATES; i++) {
            Response updated = patch(version, Map.of("notes", "note " + i,
                    "employmentType", i % 2 == 0 ? "PART_TIME" : "FULL_TIME"), null);
            assertThat(updated.status()).as("update %d: %s", i, updated.body()).isEqualTo(200);
            version = updated.body().path("version").asLong();
        }
        assertThat(version).isEqualTo(UPDATES + 2);

        await().atMost(Duration.ofSeconds(30)).until(() -> latestSnapshot() > 100);
        long snapshotAt = latestSnapshot();
        DomainEventMessage<?> first = eventStore.readEvents(staffId).peek();
        assertThat(first.getPayloadType().getName()).as("loading starts from the snapshot").isEqualTo(AGGREGATE);
        assertThat(first.getSequenceNumber()).isEqualTo(snapshotAt);
        assertThat(first.getPayload()).isNotNull();

        assertThat(loadedFromSnapshot()).isEqualTo(replayedInFull());
        assertThat(loadedFromSnapshot().path("version").asLong()).isEqualTo(version);
        assertThat(loadedFromSnapshot().path("pendingConflicts").has(conflictId)).isTrue();

        // a stale edit based on a version before the snapshot: its unseen events lie behind the snapshot
        Response stale = patch(1, Map.of("notes", "from version 1"), "FIRST_WRITER_WINS");
        assertThat(stale.status()).as("stale %s", stale.body()).isEqualTo(412);
        JsonNode contested = stale.body().path("conflict").path("contested").get(0);
        assertThat(contested.path("field").asText()).isEqualTo("notes");
        assertThat(contested.path("base").isNull()).isTrue();
        assertThat(contested.path("theirs").asText()).isEqualTo("note " + (UPDATES - 1));
        assertThat(contested.path("theirsVersion").asLong()).isEqualTo(version);
        Response merged = patch(1, Map.of("notes", "merged", "department", "Research"), "MERGE_CHANGES");
        assertThat(merged.status()).as("merge %s", merged.body()).isEqualTo(200);
        version = merged.body().path("version").asLong();

        // the conflict parked before the snapshot is settled from the snapshot's pending conflict: the
        // uncontested skills and hours, unchanged since it was raised, are applied as asked
        Response resolved = editor.post("/api/staff/" + staffId + "/conflicts/" + conflictId + "/resolve",
                Map.of("choices", Map.of("role", Map.of("choice", "MINE")), "reason", "settled"),
                "If-Match", "\"" + version + "\"");
        assertThat(resolved.status()).as("resolve %s", resolved.body()).isEqualTo(200);
        long resolvedVersion = resolved.body().path("version").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                editor.getAs("/api/staff/" + staffId, StaffMemberView.class).version() == resolvedVersion);
        StaffMemberView shown = editor.getAs("/api/staff/" + staffId, StaffMemberView.class);
        assertThat(shown.role()).isEqualTo("Architect");
        assertThat(shown.skills()).containsExactly("kotlin", "sql");
        assertThat(shown.weeklyHours()).isEqualTo(32);
        JsonNode after = loadedFromSnapshot();
        assertThat(after).isEqualTo(replayedInFull());
        assertThat(after.path("details").path("role").asText()).isEqualTo("Architect");
        assertThat(after.path("details").path("skills")).hasSize(2);
        assertThat(after.path("details").path("weeklyHours").asInt()).isEqualTo(32);
        assertThat(after.path("pendingConflicts").size()).isZero();
    }

    private Response patch(long version, Map<String, Object> changes, String strategy) {
        Map<String, Object> body = strategy == null ? Map.of("changes", changes)
                : Map.of("changes", changes, "strategy", strategy);
        return editor.patch("/api/staff/" + staffId, body, "If-Match", "\"" + version + "\"");
    }

    private long latestSnapshot() {
        Long sequence = jdbc.queryForObject(
                "SELECT max(sequence_number) FROM snapshot_event_entry WHERE aggregate_identifier = ?", Long.class,
                staffId);
        return sequence == null ? -1 : sequence;
    }

    /** The aggregate as the application loads it: latest snapshot, then the events after it. */
    private JsonNode loadedFromSnapshot() throws Exception {
        return load(eventStore);
    }

    /** The aggregate from every one of its events, ignoring snapshots. */
    private JsonNode replayedInFull() throws Exception {
        EventStore withoutSnapshots = (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(),
                new Class<?>[]{EventStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("readEvents") && args.length == 1) {
                        return eventStore.readEvents((String) args[0], 0L);
                    }
                    try {
                        return method.invoke(eventStore, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return load(withoutSnapshots);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private JsonNode load(EventStore store) throws Exception {
        Class<Object> type = (Class<Object>) Class.forName(AGGREGATE);
        EventSourcingRepository<Object> repository = EventSourcingRepository.builder(type).eventStore(store).build();
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            Aggregate<Object> aggregate = repository.load(staffId);
            Object root = aggregate.invoke(member -> member);
            return json.valueToTree(root);
        } finally {
            unitOfWork.rollback();
        }
    }
}
