package io.staffsync.app.faultdata;

import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.app.support.EventLog;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Holes in the global positions, as the directory's tracking processor sees them (PositionGapIT covers the live
 * feed alone). With the production gap settings ({@code staffsync.event-store.gap-timeout: 10m}):
 * <ul>
 * <li>an append that commits after later positions, from a transaction open for longer than Axon's default gap
 * timeout of 60 s, still reaches the directory and a resuming client, and so does a second hole below it;</li>
 * <li>a position that is rolled back holds up neither the directory nor, once its transaction has ended, a
 * resuming client.</li>
 * </ul>
 * AxonDefaultGapTimeoutIT runs the first script with Axon's default and loses the second hole.
 */
@StaffSyncIntegrationTest
class ProjectionGapIT {

    private static final Duration LONGER_THAN_AXONS_DEFAULT = Duration.ofSeconds(90);

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void events_committed_long_after_later_positions_reach_the_directory_and_a_resuming_client() throws Exception {
        HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
        String early = "hole-early-" + UUID.randomUUID();
        String slow = "hole-slow-" + UUID.randomUUID();
        String later = "after-holes-" + UUID.randomUUID();
        String last = "last-" + UUID.randomUUID();
        long before = Gaps.head(jdbc);
        try (Connection earlyTx = dataSource.getConnection(); Connection slowTx = dataSource.getConnection()) {
            long earlyPosition = Gaps.appendRegistration(earlyTx, early, Instant.now());
            // stamped 90 s ago: its transaction has been open that long when it commits
            long slowPosition = Gaps.appendRegistration(slowTx, slow, Instant.now().minus(LONGER_THAN_AXONS_DEFAULT));
            long laterPosition = Clients.register(editor, later);
            assertThat(laterPosition).isGreaterThan(slowPosition);
            assertThat(slowPosition).isGreaterThan(earlyPosition);

            await().atMost(Duration.ofSeconds(30)).until(() -> Gaps.directoryVersion(jdbc, later).isPresent());
            assertThat(Gaps.tokenGaps(jdbc)).as("the directory passed both holes and remembers them")
                    .contains(earlyPosition, slowPosition);

            slowTx.commit();
            await().atMost(Duration.ofSeconds(30)).until(() -> Gaps.directoryVersion(jdbc, slow).isPresent());
            assertThat(Gaps.tokenGaps(jdbc)).as("an old-looking event did not make the directory forget a hole")
                    .contains(earlyPosition);

            earlyTx.commit();
            long lastPosition = Clients.register(editor, last);
            await().atMost(Duration.ofSeconds(30)).until(() -> Gaps.directoryVersion(jdbc, last).isPresent()
                    && Gaps.directoryVersion(jdbc, early).isPresent());
            assertThat(Gaps.tokenGaps(jdbc)).doesNotContain(earlyPosition, slowPosition);

            HttpTestClient viewer = new HttpTestClient(port, "viewer", "viewer");
            for (String staffId : List.of(early, slow, later, last)) {
                assertThat(viewer.getAs("/api/staff/" + staffId, StaffMemberView.class))
                        .isEqualTo(EventLog.replay(EventLog.of(jdbc, staffId)));
            }

            try (StompTestClient client = StompTestClient.connect(port, "viewer", "viewer")) {
                var resumed = client.subscribeResuming("/topic/staff", before, StaffChangeMessage.class);
                assertThat(Clients.changesAbout(resumed, List.of(early, slow, later, last), 4))
                        .extracting(StaffChangeMessage::position)
                        .containsExactly(earlyPosition, slowPosition, laterPosition, lastPosition);
            }
        }
    }

    @Test
    void a_rolled_back_position_holds_up_neither_the_directory_nor_a_resuming_client() throws Exception {
        HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
        String doomed = "doomed-" + UUID.randomUUID();
        String next = "next-" + UUID.randomUUID();
        String after = "after-" + UUID.randomUUID();
        long before = Gaps.head(jdbc);
        long doomedPosition;
        long nextPosition;
        try (Connection doomedTx = dataSource.getConnection()) {
            doomedPosition = Gaps.appendRegistration(doomedTx, doomed, Instant.now());
            nextPosition = Clients.register(editor, next);
            // the tracking processor does not wait for a hole at all: it handles what it sees and remembers the hole
            await().atMost(Duration.ofSeconds(30)).until(() -> Gaps.directoryVersion(jdbc, next).isPresent());
            assertThat(Gaps.tokenGaps(jdbc)).contains(doomedPosition);
            doomedTx.rollback();
        }
        long afterPosition = Clients.register(editor, after);
        await().atMost(Duration.ofSeconds(30)).until(() -> Gaps.directoryVersion(jdbc, after).isPresent());
        assertThat(Gaps.directoryVersion(jdbc, doomed)).isEmpty();

        // the live feed waits only until the transaction that held the hole has ended, which it has
        try (StompTestClient client = StompTestClient.connect(port, "viewer", "viewer")) {
            var resumed = client.subscribeResuming("/topic/staff", before, StaffChangeMessage.class);
            assertThat(Clients.changesAbout(resumed, List.of(doomed, next, after), 2))
                    .extracting(StaffChangeMessage::position).containsExactly(nextPosition, afterPosition);
        }
    }
}
