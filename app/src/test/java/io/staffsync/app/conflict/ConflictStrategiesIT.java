package io.staffsync.app.conflict;

import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.FieldConflict;
import io.staffsync.api.staff.conflict.FieldOutcome;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.BrokerSubscriptions;
import io.staffsync.app.support.EventLog;
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
 * Two editors change one staff member from the same version, over real STOMP connections, with each
 * strategy; a third client watches. The settlement reaches the stale writer, the watcher and the event store.
 */
@StaffSyncIntegrationTest
class ConflictStrategiesIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SimpleBrokerMessageHandler broker;

    private StompTestClient alice;
    private StompTestClient bob;
    private StompTestClient watcher;
    private BlockingQueue<StaffChangeMessage> watched;
    private String staffId;

    @BeforeEach
    void twoEditorsAndAWatcher() throws Exception {
        alice = StompTestClient.connect(port, "alice", "alice");
        bob = StompTestClient.connect(port, "bob", "bob");
        watcher = StompTestClient.connect(port, "viewer", "viewer");
        staffId = UUID.randomUUID().toString();
        watched = watcher.subscribe("/topic/staff." + staffId, StaffChangeMessage.class);
        BrokerSubscriptions.awaitSubscribers(broker, "/topic/staff." + staffId, 1);
        assertThat(alice.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null, null,
                registration(staffId), null)).status()).isEqualTo(CommandStatus.ACCEPTED);
    }

    @AfterEach
    void disconnect() {
        // also after a setup that failed half-way: whoever connected is closed, whoever did not is null
        Stream.of(alice, bob, watcher).filter(Objects::nonNull).forEach(StompTestClient::close);
    }

    @Test
    void last_writer_wins_overwrites_and_records_whose_value_it_overwrote() throws Exception {
        assertThat(update(alice, 0, Map.of("role", "Lead"), null).status()).isEqualTo(CommandStatus.ACCEPTED);

        CommandReply stale = update(bob, 0, Map.of("role", "Architect"), ConflictStrategy.LAST_WRITER_WINS);

        assertThat(stale.status()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(stale.version()).isEqualTo(2);
        FieldConflict role = only(stale.conflict().contested());
        assertThat(role.field()).isEqualTo(StaffField.ROLE);
        assertThat(List.of(role.theirs(), role.mine(), role.outcome())).containsExactly("Lead", "Architect", FieldOutcome.MINE);
        assertThat(role.theirsVersion()).isEqualTo(1L);
        assertThat(role.theirsActor()).isEqualTo("alice");

        StaffChangeMessage pushed = nextAbout(2);
        assertThat(pushed.conflict()).isEqualTo(stale.conflict());
        assertThat(pushed.state().role()).isEqualTo("Architect");
        assertThat(storedConflict(2).path("strategy").asText()).isEqualTo("LAST_WRITER_WINS");
        assertThat(storedConflict(2).path("contested").get(0).path("theirsActor").asText()).isEqualTo("alice");
        assertProjectionEqualsReplay(2);
    }

    @Test
    void first_writer_wins_rejects_the_whole_stale_command_with_base_theirs_and_mine() throws Exception {
        assertThat(update(alice, 0, Map.of("notes", "from alice"), null).status()).isEqualTo(CommandStatus.ACCEPTED);

        CommandReply stale = update(bob, 0, Map.of("notes", "from bob", "phone", "+1 555 0100"),
                ConflictStrategy.FIRST_WRITER_WINS);

        assertThat(stale.status()).isEqualTo(CommandStatus.CONFLICT);
        assertThat(stale.error().code()).isEqualTo(ErrorCode.STALE_VERSION);
        assertThat(stale.version()).isEqualTo(1);
        assertThat(stale.state().notes()).isEqualTo("from alice");
        FieldConflict notes = only(stale.conflict().contested());
        assertThat(List.of(notes.theirs(), notes.mine(), notes.outcome()))
                .containsExactly("from alice", "from bob", FieldOutcome.REJECTED);
        assertThat(notes.base()).isNull();
        assertThat(EventLog.of(jdbc, staffId)).hasSize(2);

        CommandReply uncontested = update(bob, 0, Map.of("phone", "+1 555 0100"), ConflictStrategy.FIRST_WRITER_WINS);
        assertThat(uncontested.status()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(uncontested.conflict().contested()).isEmpty();
        assertProjectionEqualsReplay(2);
    }

    @Test
    void merge_keeps_both_sides_set_changes_and_the_current_value_of_a_contested_scalar() throws Exception {
        // registered with skills [cobol, compilers] and 40 hours
        assertThat(update(alice, 0, Map.of("skills", List.of("compilers", "rust"), "weeklyHours", 30), null).status())
                .isEqualTo(CommandStatus.ACCEPTED);

        CommandReply merged = update(bob, 0, Map.of("skills", List.of("cobol", "go"), "weeklyHours", 20,
                "department", "Ops"), ConflictStrategy.MERGE_CHANGES);

        assertThat(merged.status()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(merged.conflict().contested()).extracting(FieldConflict::field, FieldConflict::outcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(StaffField.WEEKLY_HOURS, FieldOutcome.THEIRS),
                        org.assertj.core.groups.Tuple.tuple(StaffField.SKILLS, FieldOutcome.MERGED));
        StaffChangeMessage pushed = nextAbout(2);
        assertThat(pushed.state().skills()).containsExactly("go", "rust");
        assertThat(pushed.state().weeklyHours()).isEqualTo(30);
        assertThat(pushed.state().department()).isEqualTo("Ops");
        assertProjectionEqualsReplay(2);
    }

    private CommandReply update(StompTestClient client, long seen, Map<String, Object> changes,
                                ConflictStrategy strategy) throws InterruptedException {
        return client.command("/app/staff.update",
                new StaffCommandRequest(UUID.randomUUID(), staffId, seen, changes, null, null, strategy));
    }

    private StaffChangeMessage nextAbout(long version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            StaffChangeMessage message = watched.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && message.version() == version) {
                return message;
            }
        }
        throw new AssertionError("no change at version " + version + " pushed for " + staffId);
    }

    private com.fasterxml.jackson.databind.JsonNode storedConflict(long version) {
        return EventLog.of(jdbc, staffId).get((int) version).payload().path("conflict");
    }

    private void assertProjectionEqualsReplay(long version) {
        await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForList(
                "SELECT version FROM staff_directory WHERE staff_id = ?", Long.class, staffId).contains(version));
        StaffMemberView replayed = EventLog.replay(EventLog.of(jdbc, staffId));
        StaffMemberView projected = new io.staffsync.app.support.HttpTestClient(port, "viewer", "viewer")
                .getAs("/api/staff/" + staffId, StaffMemberView.class);
        assertThat(projected).isEqualTo(replayed);
    }

    private static FieldConflict only(List<FieldConflict> contested) {
        assertThat(contested).hasSize(1);
        return contested.get(0);
    }
}
