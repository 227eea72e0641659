package io.staffsync.app.fault;

import io.staffsync.api.staff.conflict.ConflictStrategy;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 2 of the reliability suite (docs/reliability.md): PostgreSQL stops with {@code pg_ctl stop -m immediate}
 * (a crash: no checkpoint, every connection cut) while editors keep sending commands, and starts again on the
 * same data directory and port. The server keeps running throughout. Every command is answered: ACCEPTED, or
 * UNAVAILABLE (retry with the same commandId) while the database is away. Nothing acknowledged is lost, retries
 * store each command once, and the connection pool, the event processors and the live feed recover by
 * themselves.
 *
 * <p>Soak: {@code -Dstaffsync.faults.pg-restart.rounds=10}.
 */
class PostgresRestartIT {

    private static final Logger log = LoggerFactory.getLogger(PostgresRestartIT.class);

    private static final int ROUNDS = Integer.getInteger("staffsync.faults.pg-restart.rounds", 1);
    private static final int EDITORS = 4;
    private static final int STAFF = 8;
    private static final int ACCEPTED_BETWEEN_FAULTS = 40;
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(90);
    /**
     * How long a command may wait before it is told the database is unavailable: Hikari gives up on a connection
     * after 5 s (application.yml); four times that leaves room for a loaded machine, and is still far below the
     * reply timeout a client would otherwise sit out.
     */
    private static final Duration FAIL_FAST = Duration.ofSeconds(20);

    private record Outcome(String destination, StaffCommandRequest request, CommandReply reply) {
    }

    @Test
    void commands_during_a_postgres_crash_fail_retryably_and_everything_recovers_without_a_restart()
            throws Exception {
        try (StandalonePostgres postgres = StandalonePostgres.start()) {
            StoreAudit audit = new StoreAudit(postgres.jdbc());
            ServerProcess server = ServerProcess.start("postgres-restart", StandalonePostgres.freePort(),
                    postgres.jdbcUrl());
            List<LoadClient> editors = new ArrayList<>();
            LoadClient follower = null;
            try {
                int port = server.port();
                follower = LoadClient.connect(port, "viewer");
                follower.followChanges(0);
                List<Outcome> outcomes = new CopyOnWriteArrayList<>();
                List<String> staff = registerStaff(port, outcomes);
                for (int e = 0; e < EDITORS; e++) {
                    editors.add(LoadClient.connect(port, List.of("editor", "alice", "bob").get(e % 3)));
                }

                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger accepted = new AtomicInteger();
                AtomicInteger unavailable = new AtomicInteger();
                List<Duration> unavailableAfter = new CopyOnWriteArrayList<>();
                List<Thread> load = new ArrayList<>();
                List<Throwable> loadFailures = new CopyOnWriteArrayList<>();
                for (int e = 0; e < EDITORS; e++) {
                    LoadClient editor = editors.get(e);
                    int editorIndex = e;
                    Thread thread = new Thread(() -> {
                        try {
                            for (int i = 0; !stop.get(); i++) {
                                String staffId = staff.get((editorIndex + i) % staff.size());
                                StaffCommandRequest update = new StaffCommandRequest(UUID.randomUUID(), staffId, 0L,
                                        Map.of("notes", "edit " + editorIndex + "/" + i), null, null,
                                        ConflictStrategy.LAST_WRITER_WINS);
                                long sent = System.nanoTime();
                                CommandReply reply = editor.call("/app/staff.update", update, REPLY_TIMEOUT);
                                Duration took = Duration.ofNanos(System.nanoTime() - sent);
                                if (reply == null) {
                                    throw new AssertionError("no reply to " + update.commandId() + " within "
                                            + REPLY_TIMEOUT + " (connected: " + editor.isConnected() + ")");
                                }
                                outcomes.add(new Outcome("/app/staff.update", update, reply));
                                if (reply.status() == CommandStatus.ACCEPTED) {
                                    accepted.incrementAndGet();
                                } else if (reply.error() != null && reply.error().code() == ErrorCode.UNAVAILABLE) {
                                    unavailable.incrementAndGet();
                                    unavailableAfter.add(took);
                                }
                            }
                        } catch (Throwable failure) {
                            loadFailures.add(failure);
                        }
                    }, "pg-restart-editor-" + e);
                    thread.start();
                    load.add(thread);
                }

                try {
                    for (int round = 1; round <= ROUNDS; round++) {
                        int acceptedBefore = accepted.get();
                        await("commands accepted before the crash").atMost(Duration.ofMinutes(2))
                                .until(() -> accepted.get() >= acceptedBefore + ACCEPTED_BETWEEN_FAULTS
                                        || !loadFailures.isEmpty());
                        int unavailableBefore = unavailable.get();
                        postgres.stopImmediately();
                        log.info("round {}: PostgreSQL stopped (immediate)", round);
                        await("commands answered UNAVAILABLE while PostgreSQL is down").atMost(Duration.ofMinutes(3))
                                // the first failures come from pooled connections that broke; the later ones
                                // waited for a new connection until the pool gave up
                                .until(() -> unavailable.get() >= unavailableBefore + 2 * EDITORS
                                        || !loadFailures.isEmpty());
                        postgres.startAgain();
                        int acceptedAtRestart = accepted.get();
                        log.info("round {}: PostgreSQL started again; {} UNAVAILABLE replies so far", round,
                                unavailable.get());
                        await("commands accepted after PostgreSQL is back").atMost(Duration.ofMinutes(3))
                                .until(() -> accepted.get() >= acceptedAtRestart + ACCEPTED_BETWEEN_FAULTS
                                        || !loadFailures.isEmpty());
                    }
                } finally {
                    stop.set(true);
                    for (Thread thread : load) {
                        thread.join(REPLY_TIMEOUT.toMillis() * 2);
                    }
                }
                assertThat(loadFailures).as("every command got its one reply").isEmpty();
                Duration slowest = unavailableAfter.stream().max(Duration::compareTo).orElseThrow();
                log.info("{} UNAVAILABLE replies, the slowest after {} ms", unavailableAfter.size(), slowest.toMillis());
                assertThat(slowest).as("commands fail fast while PostgreSQL is down").isLessThan(FAIL_FAST);
                assertThat(server.isAlive()).as("the server process never restarted").isTrue();

                for (Outcome outcome : outcomes) {
                    CommandReply reply = outcome.reply();
                    if (reply.status() != CommandStatus.ACCEPTED) {
                        assertThat(reply.status()).as("reply %s", reply).isEqualTo(CommandStatus.REJECTED);
                        assertThat(reply.error().code()).as("reply %s", reply).isEqualTo(ErrorCode.UNAVAILABLE);
                        assertThat(reply.error().message()).contains("retry with the same commandId");
                    }
                }
                Set<UUID> commandIds = outcomes.stream().map(o -> o.request().commandId())
                        .collect(java.util.stream.Collectors.toSet());
                Set<UUID> stored = audit.assertWhole(commandIds);
                outcomes.stream().map(Outcome::reply).filter(r -> r.status() == CommandStatus.ACCEPTED)
                        .forEach(audit::assertReplyMatchesStore);
                List<Outcome> failed = outcomes.stream().filter(o -> o.reply().status() != CommandStatus.ACCEPTED)
                        .toList();
                log.info("{} commands, {} answered UNAVAILABLE, of which {} were stored all the same",
                        outcomes.size(), failed.size(),
                        failed.stream().filter(o -> stored.contains(o.request().commandId())).count());

                try (LoadClient retrier = LoadClient.connect(port, "editor")) {
                    for (Outcome outcome : failed) {
                        CommandReply retry = retrier.call(outcome.destination(), outcome.request(), REPLY_TIMEOUT);
                        assertThat(retry).as("reply to the retry of %s", outcome.request().commandId()).isNotNull();
                        assertThat(retry.status()).as("retry of %s: %s", outcome.request().commandId(), retry)
                                .isEqualTo(stored.contains(outcome.request().commandId())
                                        ? CommandStatus.DUPLICATE : CommandStatus.ACCEPTED);
                        audit.assertReplyMatchesStore(retry);
                    }
                    assertThat(retrier.repeatedReplies()).isEmpty();
                }
                for (LoadClient editor : editors) {
                    assertThat(editor.repeatedReplies()).as("commands answered twice").isEmpty();
                }
                assertThat(audit.assertWhole(commandIds)).as("stored commands after the retries")
                        .containsExactlyInAnyOrderElementsOf(commandIds);

                HttpTestClient viewer = new HttpTestClient(port, "viewer", "viewer");
                await("directory projection equals a replay of the log").atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> audit.assertDirectoryEqualsReplay(viewer));
                assertThat(postgres.jdbc().queryForObject("SELECT count(*) FROM staff_directory", Long.class))
                        .as("directory rows").isEqualTo(audit.staffIds().size());

                long last = audit.lastPosition();
                LoadClient following = follower;
                await("the live feed delivers up to the end of the log").atMost(Duration.ofMinutes(3))
                        .until(() -> !following.changes().isEmpty()
                                && following.changes().get(following.changes().size() - 1).position() >= last);
                assertThat(follower.isConnected()).as("the follower stayed connected throughout").isTrue();
                audit.assertConvergedToLog(follower.changes(), 0, follower.problems());
            } finally {
                editors.forEach(LoadClient::close);
                if (follower != null) {
                    follower.close();
                }
                server.close();
            }
        }
    }

    private static List<String> registerStaff(int port, List<Outcome> outcomes) throws Exception {
        List<String> staffIds = new ArrayList<>();
        try (LoadClient editor = LoadClient.connect(port, "editor")) {
            for (int i = 0; i < STAFF; i++) {
                String staffId = "pg-restart-" + i;
                StaffCommandRequest create = new StaffCommandRequest(UUID.randomUUID(), staffId, null, null,
                        registration(staffId), null);
                CommandReply reply = editor.call("/app/staff.create", create, REPLY_TIMEOUT);
                assertThat(reply).isNotNull();
                assertThat(reply.status()).isEqualTo(CommandStatus.ACCEPTED);
                outcomes.add(new Outcome("/app/staff.create", create, reply));
                staffIds.add(staffId);
            }
        }
        return staffIds;
    }
}
