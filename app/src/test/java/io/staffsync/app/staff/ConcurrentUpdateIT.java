package io.staffsync.app.staff;

import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.CommandReply;
import io.staffsync.api.staff.wire.CommandStatus;
import io.staffsync.api.staff.wire.ErrorCode;
import io.staffsync.api.staff.wire.StaffCommandRequest;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.EventLog.StoredEvent;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.staffsync.app.support.StaffFixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Twenty clients, each on its own connection, race an update of one staff member from the same version.
 * Exactly one may win; every other gets CONFLICT with the winner's state; the store gains one event; the
 * read model equals a replay of the stored log.
 */
@StaffSyncIntegrationTest
class ConcurrentUpdateIT {

    private static final int CLIENTS = 20;
    private static final String[][] EDITORS = {{"editor", "editor"}, {"alice", "alice"}, {"bob", "bob"}};

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void of_twenty_racing_updates_from_one_version_exactly_one_is_accepted() throws Exception {
        String staffId = UUID.randomUUID().toString();
        List<StompTestClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int i = 0; i < CLIENTS; i++) {
                String[] user = EDITORS[i % EDITORS.length];
                clients.add(StompTestClient.connect(port, user[0], user[1]));
            }
            CommandReply created = clients.get(0).command("/app/staff.create",
                    new StaffCommandRequest(UUID.randomUUID(), staffId, null, null, registration(staffId), null));
            assertThat(created.status()).isEqualTo(CommandStatus.ACCEPTED);

            CountDownLatch start = new CountDownLatch(1);
            List<Future<CommandReply>> racing = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                StompTestClient client = clients.get(i);
                int hours = i;
                racing.add(pool.submit(() -> {
                    start.await();
                    return client.command("/app/staff.update", new StaffCommandRequest(UUID.randomUUID(), staffId,
                            0L, Map.of("weeklyHours", hours, "notes", "by client " + hours), null, null));
                }));
            }
            start.countDown();
            List<CommandReply> replies = new ArrayList<>();
            for (Future<CommandReply> reply : racing) {
                replies.add(reply.get());
            }

            List<CommandReply> accepted = replies.stream().filter(r -> r.status() == CommandStatus.ACCEPTED).toList();
            List<CommandReply> conflicts = replies.stream().filter(r -> r.status() == CommandStatus.CONFLICT).toList();
            assertThat(accepted).hasSize(1);
            assertThat(conflicts).hasSize(CLIENTS - 1);
            assertThat(accepted.get(0).version()).isEqualTo(1L);

            List<StoredEvent> stored = EventLog.of(jdbc, staffId);
            assertThat(stored).hasSize(2);
            StaffMemberView replayed = EventLog.replay(stored);
            for (CommandReply conflict : conflicts) {
                assertThat(conflict.error().code()).isEqualTo(ErrorCode.STALE_VERSION);
                assertThat(conflict.version()).isEqualTo(1L);
                assertThat(conflict.state()).isEqualTo(replayed);
            }
            assertThat(replayed.notes()).isEqualTo("by client " + replayed.weeklyHours());

            await().atMost(Duration.ofSeconds(90)).until(() -> directoryVersion(staffId) == 1L);
            assertThat(directoryRow(staffId)).isEqualTo(replayed);
        } finally {
            pool.shutdownNow();
            clients.forEach(StompTestClient::close);
        }
    }

    private long directoryVersion(String staffId) {
        return jdbc.query("SELECT version FROM staff_directory WHERE staff_id = ?", (rs, n) -> rs.getLong(1), staffId)
                .stream().findFirst().orElse(-1L);
    }

    private StaffMemberView directoryRow(String staffId) {
        return new org.springframework.web.client.RestTemplate().execute(
                "http://localhost:" + port + "/api/staff/" + staffId, org.springframework.http.HttpMethod.GET,
                request -> request.getHeaders().setBasicAuth("viewer", "viewer"),
                response -> StompTestClient.JSON.readValue(response.getBody(), StaffMemberView.class));
    }
}
