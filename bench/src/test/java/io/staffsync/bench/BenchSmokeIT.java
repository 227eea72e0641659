package io.staffsync.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench, end to end with tiny parameters, so that it keeps working as the server changes. It asserts
 * that the figures exist and every command was answered, never how fast anything was.
 */
class BenchSmokeIT {

    @Test
    void every_scenario_runs_against_the_in_process_server_and_produces_a_complete_report() throws Exception {
        Path reportDir = Path.of("target", "bench-smoke");
        BenchOptions options = BenchOptions.parse("--duration", "2", "--warmup", "0.5", "--connections", "2",
                "--staff", "20", "--catchup-events", "200", "--catchup-others", "400", "--subscribers", "20", "--rate", "20",
                "--fanout-duration", "2", "--crossnode-subscribers", "10", "--idle-connections", "50",
                "--replay-events", "500", "--replay-staff", "5", "--contention-duration", "2", "--hot-staff", "3",
                "--aging-events", "3000", "--aging-replay-events", "500",
                "--report-dir", reportDir.toString());

        BenchReport report = Bench.run(options);
        ReportWriter.write(report, options.reportDir());

        BenchReport.Write write = report.write();
        assertThat(write.setup().accepted()).isEqualTo(20);
        assertThat(write.stomp().accepted()).isPositive();
        assertThat(write.stomp().outcomes()).as("every command got a reply").doesNotContainKey(ClosedLoop.NO_REPLY);
        assertThat(write.unmatchedReplies()).isZero();
        assertThat(write.jdbc().accepted()).isPositive();
        assertThat(write.jdbc().outcomes()).doesNotContainKey(ClosedLoop.FAILED);
        for (BenchReport.Run run : List.of(write.stomp(), write.jdbc())) {
            assertThat(run.timeline()).as(run.name() + ": operations by second").isNotEmpty();
            assertThat(run.timeline().stream().mapToLong(BenchReport.Interval::completed).sum()).as(run.name())
                    .isEqualTo(run.outcomes().values().stream().mapToLong(Long::longValue).sum());
        }

        BenchReport.CatchUp catchUp = report.catchUp();
        assertThat(catchUp.stomp()).allSatisfy(resume -> {
            assertThat(resume.messages()).isEqualTo(200);
            assertThat(resume.complete()).isTrue();
        });
        assertThat(catchUp.jdbc().messages()).isEqualTo(200);

        assertThat(report.fanOut().stomp().accepted()).isPositive();
        assertThat(report.fanOut().baseline().accepted()).isPositive();
        for (BenchReport.Delivery run : List.of(report.fanOut().stomp(), report.fanOut().baseline(),
                report.crossNode().sameNode(), report.crossNode().otherNode())) {
            assertThat(run.lost()).as(run.name() + ": lost deliveries").isZero();
            assertThat(run.duplicated()).as(run.name() + ": duplicated deliveries").isZero();
            assertThat(run.delivered()).as(run.name()).isEqualTo(run.expectedDeliveries()).isPositive();
            assertThat(run.replies()).as(run.name()).doesNotContainKeys(ClosedLoop.NO_REPLY, "CONFLICT");
        }
        assertThat(report.fanOut().stomp().subscribers()).isEqualTo(20);
        assertThat(report.crossNode().otherNode().subscribers()).isEqualTo(10);

        for (BenchReport.Idle idle : List.of(report.connections().stomp(), report.connections().baseline())) {
            assertThat(idle.opened()).as(idle.name()).isEqualTo(50);
            assertThat(idle.subscribed()).as(idle.name()).isEqualTo(50);
            assertThat(idle.failed()).as(idle.name()).isZero();
        }

        assertThat(report.contention().strategies()).hasSize(4).allSatisfy(strategy -> {
            assertThat(strategy.lostUpdates()).as(strategy.strategy() + ": lost updates").isZero();
            assertThat(strategy.run().outcomes()).as(strategy.strategy()).isNotEmpty()
                    .doesNotContainKeys(ClosedLoop.NO_REPLY, ClosedLoop.FAILED);
        });
        assertThat(report.contention().baseline().accepted()).isPositive();
        assertThat(report.contention().baseline().outcomes()).doesNotContainKey(ClosedLoop.FAILED);

        assertThat(report.replay().directoryMatches()).isTrue();
        assertThat(report.replay().projection().events()).isEqualTo(report.replay().storedEvents())
                .isGreaterThanOrEqualTo(500);
        assertThat(report.replay().jdbcRead().events()).isEqualTo(report.replay().storedEvents());
        assertThat(report.replay().jdbcReadUpsert().events()).isEqualTo(report.replay().storedEvents());

        BenchReport.Aging aging = report.aging();
        assertThat(aging.agedStoredEvents()).isEqualTo(aging.freshStoredEvents() + 3000);
        assertThat(aging.freshReplay().events()).isEqualTo(aging.agedReplay().events())
                .isGreaterThanOrEqualTo(500);
        for (BenchReport.Write run : List.of(aging.freshWrite(), aging.agedWrite())) {
            assertThat(run.stomp().accepted()).isPositive();
            assertThat(run.stomp().outcomes()).doesNotContainKey(ClosedLoop.NO_REPLY);
            assertThat(run.storedUpdateEvents()).isEqualTo(run.acceptedUpdatesIncludingWarmup());
        }

        assertThat(report.warnings()).noneMatch(w -> w.contains("lost") || w.contains("skipped")
                || w.contains("registered") || w.contains("failed"));
        assertThat(reportDir.resolve(ReportWriter.JSON_FILE)).isNotEmptyFile();
        assertThat(reportDir.resolve(ReportWriter.HTML_FILE)).isNotEmptyFile();
        assertThat(Files.readString(reportDir.resolve(ReportWriter.JSON_FILE))).contains("\"catchUp\"", "\"fanOut\"",
                "\"crossNode\"", "\"connections\"", "\"replay\"", "\"contention\"", "\"aging\"");
        assertThat(Files.readString(reportDir.resolve(ReportWriter.HTML_FILE))).contains("<svg", "Fan-out",
                "Contention latency", "Write throughput over time");
        assertThat(ReportWriter.table(report)).contains("STOMP / JDBC", "StaffSync / minimal STOMP", "node B / node A",
                "B/conn", "LAST_WRITER_WINS", "replay / JDBC read", "aged slowdown, replay");
    }
}
