package io.staffsync.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench, end to end with tiny parameters, so that it keeps working as the server changes. It asserts
 * that the figures exist and every command was answered, never how fast anything was.
 */
class BenchSmokeIT {

    @Test
    void both_scenarios_run_against_the_in_process_server_and_produce_a_report() throws Exception {
        Path reportDir = Path.of("target", "bench-smoke");
        BenchOptions options = BenchOptions.parse("--duration", "2", "--warmup", "0.5", "--connections", "2",
                "--staff", "20", "--catchup-events", "200", "--report-dir", reportDir.toString());

        BenchReport report = Bench.run(options);
        ReportWriter.write(report, options.reportDir());

        BenchReport.Write write = report.write();
        assertThat(write.setup().accepted()).isEqualTo(20);
        assertThat(write.stomp().accepted()).isPositive();
        assertThat(write.stomp().outcomes()).as("every command got a reply").doesNotContainKey(ClosedLoop.NO_REPLY);
        assertThat(write.unmatchedReplies()).isZero();
        assertThat(write.jdbc().accepted()).isPositive();
        assertThat(write.jdbc().outcomes()).doesNotContainKey(ClosedLoop.FAILED);

        BenchReport.CatchUp catchUp = report.catchUp();
        assertThat(catchUp.stomp()).allSatisfy(resume -> {
            assertThat(resume.messages()).isEqualTo(200);
            assertThat(resume.complete()).isTrue();
        });
        assertThat(catchUp.jdbc().messages()).isEqualTo(200);

        assertThat(reportDir.resolve(ReportWriter.JSON_FILE)).isNotEmptyFile();
        assertThat(reportDir.resolve(ReportWriter.HTML_FILE)).isNotEmptyFile();
        assertThat(Files.readString(reportDir.resolve(ReportWriter.JSON_FILE))).contains("\"catchUp\"");
        assertThat(ReportWriter.table(report)).contains("STOMP / JDBC");
    }
}
