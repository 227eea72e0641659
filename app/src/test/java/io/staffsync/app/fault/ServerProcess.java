package io.staffsync.app.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The application as a separate operating-system process ({@code java -jar staffsync-exec.jar}), so that a
 * kill is a real {@code SIGKILL}: no shutdown hook, no flush, no orderly close of anything. The runnable jar
 * is built by {@code package}, which Maven runs before Failsafe's {@code integration-test}.
 *
 * <p>Each process is also destroyed by a JVM shutdown hook, so a failing or interrupted test run leaves no
 * server behind. Its output goes to {@code target/fault-logs/}.
 */
final class ServerProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "staffsync-exec.jar");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread reaper;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.reaper = new Thread(process::destroyForcibly, "staffsync-fault-server-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts the server on {@code port} against the PostgreSQL at {@code jdbcUrl} (so it starts no embedded
     * one), and waits until {@code /actuator/health} is {@code UP}.
     */
    static ServerProcess start(String name, int port, String jdbcUrl, String... extraArguments)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the ITs through Maven"
                    + " (verify), which packages the runnable jar before integration-test");
        }
        Path logs = Files.createDirectories(Path.of("target", "fault-logs"));
        Path log = logs.resolve(name + "-" + System.currentTimeMillis() + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(),
                "--server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--staffsync.security.dev-tokens.enabled=true",
                // the load comes from a few connections; the per-connection budget is tested elsewhere
                "--staffsync.websocket.commands-per-second=100000",
                "--staffsync.websocket.command-burst=100000",
                "--spring.main.banner-mode=off"));
        command.addAll(List.of(extraArguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcess server = new ServerProcess(process, port, log);
        try {
            server.awaitHealthy();
            return server;
        } catch (InterruptedException | RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
    }

    private void awaitHealthy() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the server did not become healthy within " + START_TIMEOUT + "; see " + log);
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** {@code SIGKILL} on Linux: the process ends at once, with whatever it was doing half done. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            throw new AssertionError("the server process survived SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(1, TimeUnit.MINUTES);
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }
}
