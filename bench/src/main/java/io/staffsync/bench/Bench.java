package io.staffsync.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Drives a real StaffSync server over real STOMP-over-WebSocket connections and compares each figure with a
 * plain-JDBC baseline on the same PostgreSQL, measured in the same run. See bench/README.md.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        int status = 0;
        try {
            BenchReport report = run(options);
            System.out.print(ReportWriter.table(report));
            List<Path> written = ReportWriter.write(report, options.reportDir());
            written.forEach(path -> System.out.println("wrote " + path));
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // the in-process server is closed by now; the WebSocket client's threads must not keep the JVM up
        System.exit(status);
    }

    /** Runs both scenarios; writes nothing. */
    public static BenchReport run(BenchOptions options) throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        List<String> warnings = new CopyOnWriteArrayList<>();
        String startedAt = Instant.now().toString();
        System.err.println("bench " + runId + ": starting " + (options.url() == null ? "the server in-process"
                : "against " + options.url()));
        double loadBefore = loadAverage();
        try (ServerUnderTest server = ServerUnderTest.of(options)) {
            Map<String, Double> load = new LinkedHashMap<>();
            load.put("before", loadBefore);
            BenchReport.Machine machine = new BenchReport.Machine(Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"),
                    server.description(), server.jdbcUrl(), postgresSettings(server), load);
            BenchReport.Parameters parameters = new BenchReport.Parameters(options.duration().toMillis() / 1000.0,
                    options.warmup().toMillis() / 1000.0, options.connections(), options.staff(),
                    options.catchUpEvents());
            System.err.println("bench " + runId + ": write scenario (" + options.connections() + " connections, "
                    + options.staff() + " staff, " + parameters.warmupSeconds() + " s warm-up + "
                    + parameters.durationSeconds() + " s, then the JDBC baseline for as long)");
            load.put("write", loadAverage());
            BenchReport.Write write = new WriteScenario(server, options, runId, warnings).run();
            load.put("catchUp", loadAverage());
            System.err.println("bench " + runId + ": catch-up scenario (" + options.catchUpEvents() + " changes)");
            BenchReport.CatchUp catchUp = new CatchUpScenario(server, options, runId, warnings).run();
            load.put("end", loadAverage());
            if (loadBefore > machine.cores() / 2.0) {
                warnings.add("the load average was " + loadBefore + " on " + machine.cores() + " cores before the "
                        + "bench started: other processes were competing for the CPU");
            }
            return new BenchReport(startedAt, machine, parameters, write, catchUp, List.copyOf(warnings));
        }
    }

    private static double loadAverage() {
        return Latency.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static Map<String, String> postgresSettings(ServerUnderTest server) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection connection = server.openJdbc(); Statement show = connection.createStatement()) {
            for (String name : List.of("server_version", "fsync", "synchronous_commit", "full_page_writes",
                    "wal_sync_method", "shared_buffers")) {
                try (ResultSet value = show.executeQuery("SHOW " + name)) {
                    value.next();
                    settings.put(name, value.getString(1));
                }
            }
        }
        return settings;
    }
}
