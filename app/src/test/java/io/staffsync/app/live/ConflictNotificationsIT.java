package io.staffsync.app.live;

import io.staffsync.api.staff.conflict.ChoiceKind;
import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.conflict.FieldChoice;
import io.staffsync.api.staff.wire.ChangeType;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.ConflictNotification;
import io.staffsync.api.staff.wire.ResolveConflictRequest;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /user/queue/conflicts}: the users a user-choice conflict concerns (who raised it, whose values it
 * contests) hear of it when it is raised and when it is resolved or expires, once each, and nobody else does.
 */
@StaffSyncIntegrationTest
class ConflictNotificationsIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    /** The staff member the conflicts are about; alice, bob and editor may hear about other tests' ones too. */
    private final String staffId = UUID.randomUUID().toString();

    @Test
    void the_raiser_and_the_contested_author_hear_of_each_step_once_and_a_bystander_hears_nothing() throws Exception {
        try (StompTestClient alice = StompTestClient.connect(port, "alice", "alice");
             StompTestClient bob = StompTestClient.connect(port, "bob", "bob");
             StompTestClient settler = StompTestClient.connect(port, "editor", "editor")) {
            BlockingQueue<ConflictNotification> toAlice = alice.subscribe("/user/queue/conflicts", ConflictNotification.class);
            BlockingQueue<ConflictNotification> toBob = bob.subscribe("/user/queue/conflicts", ConflictNotification.class);
            BlockingQueue<ConflictNotification> toSettler =
                    settler.subscribe("/user/queue/conflicts", ConflictNotification.class);
            // each client's frames are handled in order: a command answered means its SUBSCRIBE took effect
            alice.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null, null,
                    registration(staffId), null));
            assertThat(alice.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId, 0L,
                    Map.of("role", "Lead"), null, null)).status()).isEqualTo(CommandStatus.ACCEPTED);
            String other = UUID.randomUUID().toString();
            settler.command("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), other, null, null,
                    registration(other), null));

            CommandReply raised = bob.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId,
                    0L, Map.of("role", "Architect", "department", "Platform"), null, null, ConflictStrategy.USER_CHOICE));
            assertThat(raised.status()).isEqualTo(CommandStatus.PENDING_CHOICE);
            UUID first = raised.conflict().conflictId();

            ConflictNotification raisedToBob = next(toBob);
            assertThat(raisedToBob.type()).isEqualTo(ChangeType.CONFLICT_RAISED);
            assertThat(raisedToBob.conflictId()).isEqualTo(first);
            assertThat(raisedToBob.staffId()).isEqualTo(staffId);
            assertThat(raisedToBob.raisedBy()).isEqualTo("bob");
            assertThat(raisedToBob.position()).isEqualTo(raised.position());
            assertThat(raisedToBob.version()).isEqualTo(raised.version());
            assertThat(raisedToBob.raisedAtVersion()).isEqualTo(raised.version());
            assertThat(raisedToBob.expiresAt()).isNotNull();
            assertThat(raisedToBob.fallback()).isEqualTo(ConflictStrategy.FIRST_WRITER_WINS);
            assertThat(raisedToBob.settledBy()).isNull();
            assertThat(raisedToBob.conflict().contested()).singleElement()
                    .satisfies(field -> assertThat(field.theirsActor()).isEqualTo("alice"));
            assertThat(next(toAlice)).as("alice's role is contested").isEqualTo(raisedToBob);

            CommandReply resolved = settler.command("/app/conflict.resolve", new ResolveConflictRequest(
                    UUID.randomUUID(), staffId, raised.version(), first,
                    Map.of("role", new FieldChoice(ChoiceKind.MINE, null)), "settled"));
            assertThat(resolved.status()).isEqualTo(CommandStatus.ACCEPTED);
            for (BlockingQueue<ConflictNotification> concerned : List.of(toBob, toAlice)) {
                ConflictNotification settled = next(concerned);
                assertThat(settled.type()).isEqualTo(ChangeType.CONFLICT_RESOLVED);
                assertThat(settled.conflictId()).isEqualTo(first);
                assertThat(settled.settledBy()).isEqualTo("editor");
                assertThat(settled.raisedBy()).isEqualTo("bob");
                assertThat(settled.raisedAtVersion()).isEqualTo(raised.version());
                assertThat(settled.version()).isEqualTo(raised.version() + 1);
            }

            // a second conflict, left to expire
            long current = resolved.version();
            CommandReply raisedAgain = bob.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(),
                    staffId, current - 3, Map.of("role", "Intern"), null, null, ConflictStrategy.USER_CHOICE));
            assertThat(raisedAgain.status()).isEqualTo(CommandStatus.PENDING_CHOICE);
            UUID second = raisedAgain.conflict().conflictId();
            List<String> contestedAuthors = raisedAgain.conflict().contested().stream()
                    .map(field -> field.theirsActor()).distinct().toList();
            assertThat(contestedAuthors).containsExactly("editor");
            ConflictNotification secondToBob = next(toBob);
            assertThat(secondToBob.type()).isEqualTo(ChangeType.CONFLICT_RAISED);
            assertThat(secondToBob.conflictId()).isEqualTo(second);
            assertThat(jdbc.update("UPDATE conflict_deadline SET expires_at = now() - interval '1 second' "
                    + "WHERE conflict_id = ?", second)).isEqualTo(1);
            ConflictNotification expired = next(toBob);
            assertThat(expired.type()).isEqualTo(ChangeType.CONFLICT_EXPIRED);
            assertThat(expired.conflictId()).isEqualTo(second);
            assertThat(expired.settledBy()).isEqualTo("system");

            // the settler's value was contested the second time: its queue holds exactly that conflict's two steps
            assertThat(List.of(next(toSettler), next(toSettler))).extracting(ConflictNotification::conflictId,
                            ConflictNotification::type)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(second, ChangeType.CONFLICT_RAISED),
                            org.assertj.core.groups.Tuple.tuple(second, ChangeType.CONFLICT_EXPIRED));

            // alice is not concerned by the second conflict: a third one that contests her value is her next message
            assertThat(alice.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId,
                    expired.version(), Map.of("notes", "alice again"), null, null)).status())
                    .isEqualTo(CommandStatus.ACCEPTED);
            CommandReply third = bob.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId,
                    expired.version(), Map.of("notes", "bob again"), null, null, ConflictStrategy.USER_CHOICE));
            assertThat(third.status()).isEqualTo(CommandStatus.PENDING_CHOICE);
            assertThat(next(toAlice).conflictId()).as("nothing about the second conflict, no duplicate of the first")
                    .isEqualTo(third.conflict().conflictId());
            assertThat(next(toBob).conflictId()).as("bob's queue: no duplicate either")
                    .isEqualTo(third.conflict().conflictId());
            assertThat(about(toAlice)).isEmpty();
            assertThat(about(toBob)).isEmpty();
        }
    }

    /** The next notification about this test's staff member. */
    private ConflictNotification next(BlockingQueue<ConflictNotification> queue) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            ConflictNotification notification = queue.poll(100, TimeUnit.MILLISECONDS);
            if (notification != null && staffId.equals(notification.staffId())) {
                return notification;
            }
        }
        throw new AssertionError("no conflict notification about " + staffId + " within 20 s");
    }

    /** What is left in the queue about this test's staff member. */
    private List<ConflictNotification> about(BlockingQueue<ConflictNotification> queue) {
        return queue.stream().filter(notification -> staffId.equals(notification.staffId())).toList();
    }
}
