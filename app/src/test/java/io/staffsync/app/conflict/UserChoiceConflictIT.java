package io.staffsync.app.conflict;

import com.fasterxml.jackson.databind.JsonNode;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.conflict.ChoiceKind;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.FieldChoice;
import io.staffsync.api.staff.conflict.FieldConflict;
import io.staffsync.api.staff.conflict.FieldOutcome;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.ChangeType;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.ResolveConflictRequest;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * USER_CHOICE end to end: one editor raises a conflict with a stale edit, a watcher is told, a third person
 * settles it, and everyone sees the outcome; an unsettled conflict expires into its fallback.
 */
@StaffSyncIntegrationTest
class UserChoiceConflictIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SimpleBrokerMessageHandler broker;

    private StompTestClient alice;
    private StompTestClient bob;
    private StompTestClient settler;
    private StompTestClient watcher;
    private BlockingQueue<StaffChangeMessage> watched;
    private String staffId;

    @BeforeEach
    void connect() throws Exception {
        alice = StompTestClient.connect(port, "alice", "alice");
        bob = StompTestClient.connect(port, "bob", "bob");
        settler = StompTestClient.connect(port, "editor", "editor");
        watcher = StompTestClient.connect(port, "viewer", "viewer");
        staffId = UUID.randomUUID().toString();
        watched = watcher.subscribe("/topic/staff." + staffId, StaffChangeMessage.class);
        BrokerSubscriptions.awaitSubscribers(broker, "/topic/staff." + staffId, 1);
        alice.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null, null,
                registration(staffId), null));
        assertThat(alice.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId, 0L,
                Map.of("role", "Lead", "notes", "alice's note"), null, null)).status()).isEqualTo(CommandStatus.ACCEPTED);
    }

    @AfterEach
    void disconnect() {
        // also after a setup that failed half-way: whoever connected is closed, whoever did not is null
        Stream.of(alice, bob, settler, watcher).filter(Objects::nonNull).forEach(StompTestClient::close);
    }

    @Test
    void a_conflict_raised_by_one_client_is_pushed_to_another_and_settled_by_a_third() throws Exception {
        CommandReply raised = bob.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId,
                0L, Map.of("role", "Architect", "notes", "bob's note", "department", "Platform"), null, "reorg",
                ConflictStrategy.USER_CHOICE));

        assertThat(raised.status()).isEqualTo(CommandStatus.PENDING_CHOICE);
        UUID conflictId = raised.conflict().conflictId();
        assertThat(conflictId).isNotNull();
        assertThat(raised.conflict().contested()).extracting(FieldConflict::field)
                .containsExactlyInAnyOrder(StaffField.ROLE, StaffField.NOTES);
        assertThat(raised.conflict().contested()).extracting(FieldConflict::outcome).containsOnly(FieldOutcome.PENDING);

        StaffChangeMessage told = next(ChangeType.CONFLICT_RAISED);
        assertThat(told.conflict().conflictId()).isEqualTo(conflictId);
        assertThat(told.actor()).isEqualTo("bob");
        assertThat(told.state().role()).as("nothing applied yet").isEqualTo("Lead");
        assertThat(told.state().department()).isEqualTo("Engineering");
        await().atMost(Duration.ofSeconds(90)).until(() -> pendingIds().contains(conflictId.toString()));

        ResolveConflictRequest stale = new ResolveConflictRequest(UUID.randomUUID(), staffId, 1L, conflictId,
                Map.of("role", new FieldChoice(ChoiceKind.MINE, null), "notes", new FieldChoice(ChoiceKind.THEIRS, null)),
                null);
        CommandReply staleResolution = settler.command("/app/conflict.resolve", stale);
        assertThat(staleResolution.status()).as("decided on version 1, but the conflict made it 2")
                .isEqualTo(CommandStatus.CONFLICT);

        CommandReply resolved = settler.command("/app/conflict.resolve", new ResolveConflictRequest(
                UUID.randomUUID(), staffId, told.version(), conflictId,
                Map.of("role", new FieldChoice(ChoiceKind.MINE, null),
                        "notes", new FieldChoice(ChoiceKind.VALUE, "both notes, merged by hand")), "settled"));

        assertThat(resolved.status()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(resolved.conflict().contested()).extracting(FieldConflict::field, FieldConflict::outcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(StaffField.ROLE, FieldOutcome.MINE),
                        org.assertj.core.groups.Tuple.tuple(StaffField.NOTES, FieldOutcome.EXPLICIT));
        StaffChangeMessage settledNotice = next(ChangeType.CONFLICT_RESOLVED);
        assertThat(settledNotice.actor()).isEqualTo("editor");
        StaffChangeMessage applied = next(ChangeType.UPDATED);
        assertThat(applied.state().role()).isEqualTo("Architect");
        assertThat(applied.state().notes()).isEqualTo("both notes, merged by hand");
        assertThat(applied.state().department()).as("the uncontested part of bob's edit").isEqualTo("Platform");

        CommandReply again = settler.command("/app/conflict.resolve", new ResolveConflictRequest(UUID.randomUUID(),
                staffId, applied.version(), conflictId, Map.of("role", new FieldChoice(ChoiceKind.THEIRS, null)), null));
        assertThat(again.error().code()).isEqualTo(ErrorCode.CONFLICT_NOT_PENDING);

        await().atMost(Duration.ofSeconds(90)).until(() -> !pendingIds().contains(conflictId.toString()));
        JsonNode settledRecord = conflicts("?status=resolved&staffId=" + staffId).get(0);
        assertThat(settledRecord.path("settledBy").asText()).isEqualTo("editor");
        assertThat(settledRecord.path("raisedBy").asText()).isEqualTo("bob");
        assertReadModelEqualsReplay(applied.version());
    }

    @Test
    void an_unsettled_conflict_expires_into_its_fallback() throws Exception {
        CommandReply raised = bob.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId,
                0L, Map.of("role", "Architect"), null, null, ConflictStrategy.USER_CHOICE));
        assertThat(raised.status()).isEqualTo(CommandStatus.PENDING_CHOICE);
        UUID conflictId = raised.conflict().conflictId();
        next(ChangeType.CONFLICT_RAISED);

        // let the deadline pass (the default timeout is minutes; the sweeper runs every 500 ms in tests)
        assertThat(jdbc.update("UPDATE conflict_deadline SET expires_at = now() - interval '1 second' "
                + "WHERE conflict_id = ?", conflictId)).isEqualTo(1);

        StaffChangeMessage expired = next(ChangeType.CONFLICT_EXPIRED);
        assertThat(expired.conflict().conflictId()).isEqualTo(conflictId);
        assertThat(expired.conflict().strategy()).isEqualTo(ConflictStrategy.FIRST_WRITER_WINS);
        assertThat(expired.actor()).isEqualTo("system");
        assertThat(expired.state().role()).as("the default fallback discards the contested edit").isEqualTo("Lead");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM conflict_deadline WHERE conflict_id = ?", Long.class,
                conflictId)).isZero();
        await().atMost(Duration.ofSeconds(90)).until(() ->
                conflicts("?status=expired&staffId=" + staffId).size() == 1);
        assertReadModelEqualsReplay(expired.version());
    }

    private StaffChangeMessage next(ChangeType type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            StaffChangeMessage message = watched.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && message.type() == type) {
                return message;
            }
        }
        throw new AssertionError("no " + type + " pushed for " + staffId);
    }

    private List<String> pendingIds() {
        return conflicts("?status=pending&staffId=" + staffId).findValuesAsText("conflictId");
    }

    private JsonNode conflicts(String query) {
        HttpTestClient.Response response = new HttpTestClient(port, "viewer", "viewer").get("/api/conflicts" + query);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private void assertReadModelEqualsReplay(long version) {
        await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForList(
                "SELECT version FROM staff_directory WHERE staff_id = ?", Long.class, staffId).contains(version));
        StaffMemberView replayed = EventLog.replay(EventLog.of(jdbc, staffId));
        assertThat(new HttpTestClient(port, "viewer", "viewer").getAs("/api/staff/" + staffId, StaffMemberView.class))
                .isEqualTo(replayed);
    }
}
