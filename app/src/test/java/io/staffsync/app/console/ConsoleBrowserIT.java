package io.staffsync.app.console;

import io.staffsync.app.support.StaffSyncIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser against the real server: console/e2e/console.e2e.mjs drives Debian's headless
 * Chromium through playwright-core with two users (alice and bob) in two browser contexts. It checks live
 * updates, presence, a USER_CHOICE conflict settled in one context and seen in both, and a connection that is
 * cut, kept down while others edit, and then resumes and catches up with every change; a staff member created
 * through the form arrives in the other context. Screenshots land in
 * app/target/console-screenshots.
 * <p>
 * Needs node on the PATH, the console module's node_modules (its build runs {@code npm ci}) and /usr/bin/chromium
 * (console/scripts/ensure-chromium.sh installs it when the build runs as root on Debian).
 */
@StaffSyncIntegrationTest
class ConsoleBrowserIT {

    private static final Path CONSOLE = Path.of("..", "console").toAbsolutePath().normalize();
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots").toAbsolutePath();

    @LocalServerPort
    int port;

    @Test
    void twoEditorsSeeEachOtherLiveSettleAConflictAndCatchUpAfterADroppedConnection() throws Exception {
        Path script = CONSOLE.resolve("e2e/console.e2e.mjs");
        assertThat(script).as("the console's browser test").exists();
        assertThat(CONSOLE.resolve("node_modules/playwright-core"))
                .as("playwright-core is installed by the console module's build (npm ci): build with -am")
                .exists();
        String chromium = System.getenv().getOrDefault("STAFFSYNC_CHROMIUM", "/usr/bin/chromium");
        assertThat(Path.of(chromium))
                .as("Chromium for the browser test: apt-get install -y chromium (console/scripts/ensure-chromium.sh)")
                .exists();
        Files.createDirectories(SCREENSHOTS);

        // localhost, not 127.0.0.1: the test profile allows WebSocket origins http://localhost:*
        ProcessBuilder node = new ProcessBuilder("node", script.toString(), "http://localhost:" + port,
                SCREENSHOTS.toString())
                .directory(CONSOLE.toFile())
                .redirectErrorStream(true);
        Process process = node.start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> stream(process, output), "console-e2e-output");
        reader.start();
        boolean finished = false;
        try {
            finished = process.waitFor(6, TimeUnit.MINUTES);
        } finally {
            if (!finished) {
                killWithDescendants(process);
            }
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(finished).as("the browser test finished").isTrue();
        assertThat(process.exitValue()).as("the browser test's exit code (output above)").isZero();
        assertThat(output).contains(
                "CHECK ok: the app serves the console at / without a login",
                "CHECK ok: alice and bob log in with development tokens and connect",
                "CHECK ok: the directory lists the staff member and filters",
                "CHECK ok: each sees the other viewing the same staff member (presence)",
                "CHECK ok: bob sees that alice is editing",
                "CHECK ok: bob sees alice's change live, highlighted, while editing",
                "CHECK ok: bob gets the conflict dialog with base, theirs and mine",
                "CHECK ok: alice sees the pending conflict",
                "CHECK ok: bob settles the conflict and both see the outcome, in record, directory and history",
                "CHECK ok: bob's console shows the dropped connection",
                "CHECK ok: alice creates a staff member with the form and bob sees it arrive live");
        assertThat(output).anyMatch(line -> line.startsWith(
                "CHECK ok: bob reconnects, resumes and catches up on every change made while offline"));
        assertThat(output).contains("console e2e: 12 passed, 0 failed");
        assertThat(SCREENSHOTS.resolve("05-conflict-settled-alice.png")).exists();
        assertThat(SCREENSHOTS.resolve("07-bob-caught-up.png")).exists();
    }

    /**
     * Kills node and what it started (Chromium and its helpers), children first: once node is gone they would be
     * orphans no longer listed as its descendants, and would run on after the test.
     */
    private static void killWithDescendants(Process process) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle descendant : descendants) {
            descendant.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(stillRunning -> descendant).join();
        }
    }

    private static void stream(Process process, List<String> output) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[console e2e] " + line);
                output.add(line);
            }
        } catch (IOException e) {
            output.add("output lost: " + e);
        }
    }
}
