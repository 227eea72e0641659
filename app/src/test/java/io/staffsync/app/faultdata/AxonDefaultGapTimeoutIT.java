package io.staffsync.app.faultdata;

import io.staffsync.api.staff.wire.StaffChangeMessage;
import io.staffsync.app.support.HttpTestClient;
import io.staffsync.app.support.StaffSyncIntegrationTest;
import io.staffsync.app.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Why {@code staffsync.event-store.gap-timeout} is not Axon's default: with Axon's 60 s, the script of
 * ProjectionGapIT loses an event from the directory for ever (Axon issue #4829, which applies to the JDBC engine
 * too). An event stamped more than the gap timeout ago makes the reader advance its token with no room for gaps,
 * which drops every hole below it, including one whose transaction is still running and commits a moment later.
 * The live feed does not use Axon's gap logic and delivers it. If this test fails, Axon changed that behaviour:
 * revisit the setting and docs/reliability-data.md.
 */
@StaffSyncIntegrationTest
@TestPropertySource(properties = "staffsync.event-store.gap-timeout=60s")
// no other class shares this context, so closing it now costs nothing; left to the JVM's exit, it would close while
// its embedded PostgreSQL's own shutdown hook stops the database under it, and hold up the forked JVM's exit
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AxonDefaultGapTimeoutIT {

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void with_axons_default_gap_timeout_a_hole_below_a_slow_commit_is_skipped_by_the_directory_for_ever() throws Exception {
        HttpTestClient editor = new HttpTestClient(port, "editor", "editor");
        String early = "hole-early-" + UUID.randomUUID();
        String slow = "hole-slow-" + UUID.randomUUID();
        String later = "after-holes-" + UUID.randomUUID();
        String last = "last-" + UUID.randomUUID();
        long before = Gaps.head(jdbc);
        long earlyPosition;
        long slowPosition;
        try (Connection earlyTx = dataSource.getConnection(); Connection slowTx = dataSource.getConnection()) {
            earlyPosition = Gaps.appendRegistration(earlyTx, early, Instant.now());
            slowPosition = Gaps.appendRegistration(slowTx, slow, Instant.now().minus(Duration.ofSeconds(90)));
            Clients.register(editor, later);
            await().atMost(Duration.ofSeconds(90)).until(() -> Gaps.directoryVersion(jdbc, later).isPresent());
            assertThat(Gaps.tokenGaps(jdbc)).contains(earlyPosition, slowPosition);

            slowTx.commit();
            await().atMost(Duration.ofSeconds(90)).until(() -> Gaps.directoryVersion(jdbc, slow).isPresent());
            assertThat(Gaps.tokenGaps(jdbc)).as("the old-looking event made the directory forget the hole below it")
                    .doesNotContain(earlyPosition);
            earlyTx.commit();
        }
        Clients.register(editor, last);
        await().atMost(Duration.ofSeconds(90)).until(() -> Gaps.directoryVersion(jdbc, last).isPresent());
        assertThat(Gaps.directoryVersion(jdbc, early)).as("committed, in the event store, and never in the directory")
                .isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, early)).isEqualTo(1);

        try (StompTestClient client = StompTestClient.connect(port, "viewer", "viewer")) {
            var resumed = client.subscribeResuming("/topic/staff", before, StaffChangeMessage.class);
            assertThat(Clients.changesAbout(resumed, List.of(early, slow, later, last), 4))
                    .extracting(StaffChangeMessage::staffId).containsExactly(early, slow, later, last);
        }
    }
}
