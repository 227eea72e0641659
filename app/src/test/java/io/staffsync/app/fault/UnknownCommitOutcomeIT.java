package io.staffsync.app.fault;

import io.staffsync.StaffSyncApplication;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.fault.CommitCuttingProxy.Cut;
import io.staffsync.app.fault.StoreAudit.StoredEvent;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 7 of the reliability suite (docs/reliability.md): the connection to PostgreSQL breaks while a command
 * commits, so the server cannot know whether it was stored. The client is told so (UNAVAILABLE, retry), and
 * its retry with the same commandId stores the command exactly once: DUPLICATE with the original outcome when
 * the commit had happened, ACCEPTED when it had not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnknownCommitOutcomeIT {

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);

    private StandalonePostgres postgres;
    private CommitCuttingProxy proxy;
    private ConfigurableApplicationContext server;
    private JdbcTemplate jdbc;
    private StoreAudit audit;
    private int port;

    @BeforeAll
    void start() throws Exception {
        postgres = StandalonePostgres.start();
        proxy = new CommitCuttingProxy(postgres.port());
        server = new SpringApplicationBuilder(StaffSyncApplication.class).profiles("test").run("--server.port=0",
                // SQL text on every statement, so the proxy can tell a command's transaction and its COMMIT
                "--spring.datasource.url=jdbc:postgresql://localhost:" + proxy.port() + "/postgres?prepareThreshold=0",
                "--spring.datasource.username=postgres");
        port = ((WebServerApplicationContext) server).getWebServer().getPort();
        jdbc = postgres.jdbc();
        audit = new StoreAudit(jdbc);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            try {
                if (proxy != null) {
                    proxy.close();
                }
            } finally {
                if (postgres != null) {
                    postgres.close();
                }
            }
        }
    }

    @Test
    void an_update_whose_commit_succeeded_unseen_is_answered_duplicate_on_retry_and_stored_once() throws Exception {
        String staffId = registered();
        StaffCommandRequest update = update(staffId);
        retryAfterCut(Cut.AFTER_COMMIT, "/app/staff.update", update, CommandStatus.DUPLICATE);
        assertThat(EventLog.of(jdbc, staffId)).hasSize(2);
    }

    @Test
    void an_update_whose_connection_broke_before_commit_is_accepted_on_retry_and_stored_once() throws Exception {
        String staffId = registered();
        StaffCommandRequest update = update(staffId);
        retryAfterCut(Cut.BEFORE_COMMIT, "/app/staff.update", update, CommandStatus.ACCEPTED);
        assertThat(EventLog.of(jdbc, staffId)).hasSize(2);
    }

    @Test
    void a_registration_whose_commit_succeeded_unseen_is_answered_duplicate_on_retry_and_stored_once()
            throws Exception {
        String staffId = "unknown-outcome-" + UUID.randomUUID();
        StaffCommandRequest create = new StaffCommandRequest(UUID.randomUUID(), staffId, null, null,
                registration(staffId), null);
        retryAfterCut(Cut.AFTER_COMMIT, "/app/staff.create", create, CommandStatus.DUPLICATE);
        assertThat(EventLog.of(jdbc, staffId)).hasSize(1);
    }

    @Test
    void a_registration_whose_connection_broke_before_commit_is_accepted_on_retry_and_stored_once()
            throws Exception {
        String staffId = "unknown-outcome-" + UUID.randomUUID();
        StaffCommandRequest create = new StaffCommandRequest(UUID.randomUUID(), staffId, null, null,
                registration(staffId), null);
        retryAfterCut(Cut.BEFORE_COMMIT, "/app/staff.create", create, CommandStatus.ACCEPTED);
        assertThat(EventLog.of(jdbc, staffId)).hasSize(1);
    }

    private void retryAfterCut(Cut cut, String destination, StaffCommandRequest request, CommandStatus retryStatus)
            throws Exception {
        try (LoadClient editor = LoadClient.connect(port, "editor")) {
            proxy.arm(cut);
            CommandReply first = editor.call(destination, request, REPLY_TIMEOUT);
            assertThat(proxy.awaitCut(10)).as("the proxy cut the connection at the command's COMMIT").isTrue();
            assertThat(first).as("reply to the command whose connection broke").isNotNull();
            assertThat(first.status()).isEqualTo(CommandStatus.REJECTED);
            assertThat(first.error().code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(first.error().message()).contains("retry with the same commandId");
            assertThat(eventsOf(request.commandId())).as("events stored by the cut commit")
                    .hasSize(cut == Cut.AFTER_COMMIT ? 1 : 0);

            try (LoadClient sameEditorAgain = LoadClient.connect(port, "editor")) {
                CommandReply retry = sameEditorAgain.call(destination, request, REPLY_TIMEOUT);
                assertThat(retry).as("reply to the retry").isNotNull();
                assertThat(retry.status()).isEqualTo(retryStatus);
                assertThat(eventsOf(request.commandId())).as("events of the command after its retry").hasSize(1);
                audit.assertReplyMatchesStore(retry);
            }
        }
        StaffMemberView replay = EventLog.replay(EventLog.of(jdbc, request.staffId()));
        HttpTestClient viewer = new HttpTestClient(port, "viewer", "viewer");
        await("the directory shows the staff member as the log has it").atMost(Duration.ofMinutes(1))
                .until(() -> viewer.get("/api/staff/" + request.staffId()).status() == 200
                        && replay.equals(viewer.getAs("/api/staff/" + request.staffId(), StaffMemberView.class)));
    }

    private List<StoredEvent> eventsOf(UUID commandId) {
        return audit.eventsByCommand().getOrDefault(commandId, List.of());
    }

    private String registered() throws Exception {
        String staffId = "unknown-outcome-" + UUID.randomUUID();
        try (LoadClient editor = LoadClient.connect(port, "editor")) {
            CommandReply reply = editor.call("/app/staff.create", new StaffCommandRequest(UUID.randomUUID(), staffId,
                    null, null, registration(staffId), null), REPLY_TIMEOUT);
            assertThat(reply.status()).isEqualTo(CommandStatus.ACCEPTED);
        }
        return staffId;
    }

    private static StaffCommandRequest update(String staffId) {
        return new StaffCommandRequest(UUID.randomUUID(), staffId, 0L, Map.of("role", "Lead"), null, null);
    }
}
