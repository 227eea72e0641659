package io.staffsync.app.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
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
 * A StaffSync node in its own JVM (the runnable jar Maven packaged before the integration tests), on a
 * database the test owns. A separate process is what makes {@link #kill()} a real SIGKILL: no shutdown hook,
 * no released token claims, no closed sockets beyond what the kernel does.
 */
public final class NodeProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "staffsync-exec.jar");

    private final Process process;
    private final int port;
    private final Path log;

    private NodeProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a node on {@code postgres} and waits until its health endpoint answers UP. */
    public static NodeProcess start(EmbeddedPostgres postgres, String name, String... extraArgs) throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the tests through `mvn verify`, "
                    + "which packages the runnable jar before the integration tests");
        }
        int port = freePort();
        Path log = Path.of("target", "node-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-XX:+UseSerialGC",
                "-jar", JAR.toString(),
                "--server.port=" + port,
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--logging.level.root=WARN"));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        NodeProcess node = new NodeProcess(process, port, log);
        try {
            node.awaitHealthy(Duration.ofMinutes(4));
        } catch (Exception | AssertionError e) {
            node.close();
            throw e;
        }
        return node;
    }

    public int port() {
        return port;
    }

    /** Where the node's standard output and error go. */
    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /** The owner name Axon's token store records for this node's claims ({@code pid@host}). */
    public boolean ownsClaim(String owner) {
        return owner != null && owner.startsWith(process.pid() + "@");
    }

    /** SIGKILL, then wait for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("node " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    private void awaitHealthy(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("node exited with " + process.exitValue() + "; log: " + tail());
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("node not healthy within " + timeout + "; log: " + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
