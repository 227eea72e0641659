package io.staffsync.app.fault;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A PostgreSQL of the test's own, outside any application it serves, that the test can crash and start
 * again on the same data directory and port. Zonky extracts the binaries, runs initdb and the first start;
 * the stop and restart are {@code pg_ctl} calls of our own with the same binaries and server options. Zonky's
 * close (and its JVM shutdown hook) stops whatever postmaster runs on the data directory, so a failed test
 * leaves no PostgreSQL behind.
 *
 * <p>Durable settings: {@code synchronous_commit} on, so a commit is in the WAL before it is acknowledged
 * and an immediate stop (which skips the shutdown checkpoint) cannot lose it. {@code fsync} stays off: the
 * tests crash processes, not the machine, and the page cache survives a process.
 */
final class StandalonePostgres implements AutoCloseable {

    private static final Map<String, String> SERVER_CONFIG = new LinkedHashMap<>(Map.of(
            "synchronous_commit", "on",
            "fsync", "off",
            "max_connections", "300",
            "timezone", "UTC"));

    private final Path dataDirectory;
    private final int port;
    private final EmbeddedPostgres postgres;
    private final Path pgCtl;
    private final HikariDataSource pool;

    private StandalonePostgres(Path dataDirectory, int port, EmbeddedPostgres postgres, Path pgCtl) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.postgres = postgres;
        this.pgCtl = pgCtl;
        this.pool = new HikariDataSource();
        pool.setJdbcUrl(jdbcUrl());
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(2);
        pool.setConnectionTimeout(10_000);
        pool.setInitializationFailTimeout(-1);
        pool.setPoolName("fault-test-audit");
    }

    static StandalonePostgres start() throws IOException {
        Path dataDirectory = Files.createTempDirectory("staffsync-faults-pg");
        int port = freePort();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setPort(port);
        SERVER_CONFIG.forEach(builder::setServerConfig);
        EmbeddedPostgres postgres = builder.start();
        try {
            Path postgresBinary = Path.of(ProcessHandle.of(postmasterPid(dataDirectory)).orElseThrow()
                    .info().command().orElseThrow());
            return new StandalonePostgres(dataDirectory, port, postgres, postgresBinary.resolveSibling("pg_ctl"));
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    int port() {
        return port;
    }

    /**
     * The test's own connections, for checks on what is stored: a small pool of its own, which finds its feet
     * again after a restart of the server.
     */
    JdbcTemplate jdbc() {
        return new JdbcTemplate(pool);
    }

    /**
     * {@code pg_ctl stop -m immediate}: every server process quits at once, without a shutdown checkpoint,
     * and every client connection breaks, as in a crash. The next start runs crash recovery from the WAL.
     */
    void stopImmediately() {
        pgCtl(List.of("-D", dataDirectory.toString(), "stop", "-m", "immediate", "-w", "-t", "60"));
    }

    /** Starts the server again on the same data directory and port, with the same options, and waits for it. */
    void startAgain() {
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port), "-F"));
        SERVER_CONFIG.forEach((key, value) -> options.add("-c " + key + "=" + value));
        pgCtl(List.of("-D", dataDirectory.toString(), "-o", String.join(" ", options),
                "-l", dataDirectory.resolve("restarted.log").toString(), "-w", "-t", "120", "start"));
    }

    private void pgCtl(List<String> arguments) {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // PostgreSQL refuses to run as root; zonky runs its binaries in a new user namespace, and so do we
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(pgCtl.toString());
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long postmasterPid(Path dataDirectory) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Stops the server (whichever postmaster runs on the data directory) and deletes the data directory. */
    @Override
    public void close() throws IOException {
        try {
            pool.close();
        } finally {
            postgres.close();
        }
    }
}
