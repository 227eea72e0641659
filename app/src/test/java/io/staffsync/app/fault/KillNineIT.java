package io.staffsync.app.fault;

import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 1 of the reliability suite (docs/reliability.md): the server process is killed with {@code SIGKILL}
 * while 1,000 commands from several STOMP clients are in flight, and started again on the same database.
 * Whatever was answered ACCEPTED is stored exactly once, everything else completely or not at all; retries
 * with the same commandIds store each command exactly once; the directory equals a replay of the log; and
 * clients that resume from their last position converge on the log.
 *
 * <p>Soak: {@code -Dstaffsync.faults.kill.rounds=10 -Dstaffsync.faults.kill.commands=5000}.
 */
class KillNineIT {

    private static final Logger log = LoggerFactory.getLogger(KillNineIT.class);

    private static final int ROUNDS = Integer.getInteger("staffsync.faults.kill.rounds", 1);
    private static final int COMMANDS = Integer.getInteger("staffsync.faults.kill.commands", 1000);
    private static final int EDITORS = 8;
    private static final int FOLLOWERS = 2;
    private static final int EXISTING_STAFF = 40;
    private static final List<String> EDITOR_USERS = List.of("editor", "alice", "bob");
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(90);

    private record Sent(String destination, StaffCommandRequest request) {
    }

    /** A client that follows /topic/staff across server restarts, resuming from the last change it saw. */
    private static final class Follower {
        private final List<StaffChangeMessage> seen = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private LoadClient current;

        void connect(int port) throws Exception {
            if (current != null) {
                seen.addAll(current.changes());
                problems.addAll(current.problems());
                current.close();
            }
            current = LoadClient.connect(port, "viewer");
            current.followChanges(seen.isEmpty() ? 0 : seen.get(seen.size() - 1).position());
        }

        List<StaffChangeMessage> seen() {
            List<StaffChangeMessage> all = new ArrayList<>(seen);
            if (current != null) {
                all.addAll(current.changes());
            }
            return all;
        }

        List<String> problems() {
            List<String> all = new ArrayList<>(problems);
            if (current != null) {
                all.addAll(current.problems());
            }
            return all;
        }

        long lastPosition() {
            List<StaffChangeMessage> all = seen();
            return all.isEmpty() ? 0 : all.get(all.size() - 1).position();
        }

        void close() {
            if (current != null) {
                current.close();
            }
        }
    }

    @Test
    void commands_in_flight_when_the_server_is_killed_are_stored_exactly_once_or_not_at_all() throws Exception {
        List<Follower> followers = new ArrayList<>();
        try (StandalonePostgres postgres = StandalonePostgres.start()) {
            StoreAudit audit = new StoreAudit(postgres.jdbc());
            int port = StandalonePostgres.freePort();
            ServerProcess server = ServerProcess.start("kill-nine", port, postgres.jdbcUrl());
            try {
                Map<UUID, Sent> allCommands = new LinkedHashMap<>();
                List<String> existing = registerExistingStaff(port, allCommands);
                for (int i = 0; i < FOLLOWERS; i++) {
                    Follower follower = new Follower();
                    followers.add(follower);
                    follower.connect(port);
                }

                for (int round = 1; round <= ROUNDS; round++) {
                    server = killAndRestartUnderLoad(round, server, postgres, audit, existing, allCommands, followers);
                }

                HttpTestClient viewer = new HttpTestClient(port, "viewer", "viewer");
                await("directory projection equals a replay of the log").atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> audit.assertDirectoryEqualsReplay(viewer));

                long last = audit.lastPosition();
                for (Follower follower : followers) {
                    await("a resumed client reaches the end of the log").atMost(Duration.ofMinutes(2))
                            .until(() -> follower.lastPosition() >= last);
                    audit.assertConvergedToLog(follower.seen(), 0, follower.problems());
                }
            } finally {
                followers.forEach(Follower::close);
                server.close();
            }
        }
    }

    private ServerProcess killAndRestartUnderLoad(int round, ServerProcess server, StandalonePostgres postgres,
                                                  StoreAudit audit, List<String> existing,
                                                  Map<UUID, Sent> allCommands, List<Follower> followers)
            throws Exception {
        int port = server.port();
        Map<UUID, CommandReply> replies = new ConcurrentHashMap<>();
        AtomicInteger replyCount = new AtomicInteger();
        List<LoadClient> editors = new ArrayList<>();
        Map<UUID, Sent> load = new LinkedHashMap<>();
        try {
            List<List<Sent>> perEditor = new ArrayList<>();
            for (int e = 0; e < EDITORS; e++) {
                editors.add(LoadClient.connect(port, EDITOR_USERS.get(e % EDITOR_USERS.size()), replies, replyCount));
                perEditor.add(new ArrayList<>());
            }
            for (int i = 0; i < COMMANDS; i++) {
                Sent sent = command(round, i, existing);
                perEditor.get(i % EDITORS).add(sent);
                load.put(sent.request().commandId(), sent);
            }
            allCommands.putAll(load);

            List<Thread> senders = new ArrayList<>();
            for (int e = 0; e < EDITORS; e++) {
                LoadClient editor = editors.get(e);
                List<Sent> mine = perEditor.get(e);
                Thread sender = new Thread(() -> mine.forEach(s -> editor.send(s.destination(), s.request())));
                sender.start();
                senders.add(sender);
            }
            for (Thread sender : senders) {
                sender.join();
            }
            int killAfter = COMMANDS / 4;
            await("a quarter of the replies").atMost(Duration.ofMinutes(3)).until(() -> replyCount.get() >= killAfter);
            server.kill();
        } finally {
            editors.forEach(LoadClient::close);
        }

        Map<UUID, CommandReply> answered = Map.copyOf(replies);
        log.info("round {}: killed with {} of {} commands answered", round, answered.size(), load.size());
        assertThat(answered.size()).as("commands answered before the kill").isLessThan(load.size());
        assertThat(answered.values()).extracting(CommandReply::status).containsOnly(CommandStatus.ACCEPTED);

        ServerProcess restarted = ServerProcess.start("kill-nine-restarted-" + round, port, postgres.jdbcUrl());
        boolean handedOver = false;
        try {
            for (Follower follower : followers) {
                follower.connect(port);
            }

            Set<UUID> stored = audit.assertWhole(allCommands.keySet());
            answered.values().forEach(audit::assertReplyMatchesStore);
            List<UUID> unanswered = load.keySet().stream().filter(id -> !answered.containsKey(id)).toList();
            long storedUnanswered = unanswered.stream().filter(stored::contains).count();
            log.info("round {}: of {} unanswered commands, {} were stored before the kill", round, unanswered.size(),
                    storedUnanswered);

            Map<UUID, CommandReply> retried = retry(port, unanswered, load);
            for (UUID commandId : unanswered) {
                CommandReply reply = retried.get(commandId);
                assertThat(reply).as("reply to the retry of %s", commandId).isNotNull();
                assertThat(reply.status()).as("retry of %s", commandId)
                        .isEqualTo(stored.contains(commandId) ? CommandStatus.DUPLICATE : CommandStatus.ACCEPTED);
                audit.assertReplyMatchesStore(reply);
            }
            assertThat(audit.assertWhole(allCommands.keySet())).as("stored commands after the retries")
                    .containsExactlyInAnyOrderElementsOf(allCommands.keySet());
            handedOver = true;
            return restarted;
        } finally {
            // the caller closes the server it gets back; one it never gets must not outlive a failed round
            if (!handedOver) {
                restarted.close();
            }
        }
    }

    /** Sends every command again with its own commandId, several clients at once, and collects the replies. */
    private static Map<UUID, CommandReply> retry(int port, List<UUID> commandIds, Map<UUID, Sent> sent)
            throws Exception {
        Map<UUID, CommandReply> replies = new ConcurrentHashMap<>();
        AtomicInteger count = new AtomicInteger();
        List<LoadClient> editors = new ArrayList<>();
        try {
            for (int e = 0; e < EDITORS; e++) {
                editors.add(LoadClient.connect(port, EDITOR_USERS.get(e % EDITOR_USERS.size()), replies, count));
            }
            for (int i = 0; i < commandIds.size(); i++) {
                Sent command = sent.get(commandIds.get(i));
                editors.get(i % EDITORS).send(command.destination(), command.request());
            }
            await("replies to every retry").atMost(REPLY_TIMEOUT).until(() -> replies.keySet().containsAll(commandIds));
            for (LoadClient editor : editors) {
                assertThat(editor.repeatedReplies()).isEmpty();
            }
            return new HashMap<>(replies);
        } finally {
            editors.forEach(LoadClient::close);
        }
    }

    private static List<String> registerExistingStaff(int port, Map<UUID, Sent> allCommands) throws Exception {
        List<String> staffIds = new ArrayList<>();
        try (LoadClient editor = LoadClient.connect(port, "editor")) {
            for (int i = 0; i < EXISTING_STAFF; i++) {
                String staffId = "k9-existing-" + i;
                Sent sent = new Sent("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId, null,
                        null, registration(staffId), null));
                CommandReply reply = editor.call(sent.destination(), sent.request(), REPLY_TIMEOUT);
                assertThat(reply).isNotNull();
                assertThat(reply.status()).isEqualTo(CommandStatus.ACCEPTED);
                allCommands.put(sent.request().commandId(), sent);
                staffIds.add(staffId);
            }
        }
        return staffIds;
    }

    /**
     * A third are registrations of new staff members, the rest updates of the existing ones, many of which race
     * on one staff member. Updates are based on version 0 and settled last-writer-wins, and each writes a note
     * of its own, so every command that is applied stores exactly one event.
     */
    private static Sent command(int round, int i, List<String> existing) {
        UUID commandId = UUID.randomUUID();
        if (i % 3 == 0) {
            String staffId = "k9-r" + round + "-" + i;
            return new Sent("/app/staff.create",
                    new StaffCommandRequest(commandId, staffId, null, null, registration(staffId), null));
        }
        String staffId = existing.get((i * 7) % existing.size());
        return new Sent("/app/staff.update", new StaffCommandRequest(commandId, staffId, 0L,
                Map.of("notes", "written by " + commandId, "weeklyHours", i % 80), null, null,
                ConflictStrategy.LAST_WRITER_WINS));
    }
}
