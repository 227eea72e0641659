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

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && IdleClients.FLAG.equals(args[0])) {
            IdleClients.main(args);
            return;
        }
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

    /** Runs the selected scenarios; writes nothing. */
    public static BenchReport run(BenchOptions options) throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        List<String> warnings = new CopyOnWriteArrayList<>();
        String startedAt = Instant.now().toString();
        System.err.println("bench " + runId + ": starting " + (options.url() == null ? "the server in-process"
                : "against " + options.url()) + "; scenarios " + options.scenarios());
        double loadBefore = loadAverage();
        try (ServerUnderTest server = ServerUnderTest.of(options)) {
            Map<String, Double> load = new LinkedHashMap<>();
            load.put("before", loadBefore);
            BenchReport.Machine machine = new BenchReport.Machine(Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"),
                    server.description(), server.jdbcUrl(), postgresSettings(server), load);
            BenchReport.Parameters parameters = new BenchReport.Parameters(List.copyOf(options.scenarios()),
                    seconds(options.duration()), seconds(options.warmup()), options.connections(), options.staff(),
                    options.catchUpEvents(), options.subscribers(), options.rate(), seconds(options.fanOutDuration()),
                    options.crossNodeSubscribers(), options.idleConnections(), options.replayEvents(),
                    seconds(options.contentionDuration()), options.hotStaff(), options.agingEvents(),
                    options.agingReplayEvents());
            BenchReport.Write write = null;
            BenchReport.CatchUp catchUp = null;
            BenchReport.FanOut fanOut = null;
            BenchReport.CrossNode crossNode = null;
            BenchReport.Connections connections = null;
            BenchReport.Replay replay = null;
            BenchReport.Contention contention = null;
            BenchReport.Aging aging = null;
            FanOutScenario fanOuts = new FanOutScenario(server, options, runId, warnings);
            if (options.runs("write")) {
                announce(runId, load, "write", options.connections() + " connections, " + options.staff()
                        + " staff, " + parameters.warmupSeconds() + " s warm-up + " + parameters.durationSeconds()
                        + " s, then the JDBC baseline for as long");
                write = new WriteScenario(server, options, runId, warnings).run();
            }
            if (options.runs("catchup")) {
                announce(runId, load, "catchUp", options.catchUpEvents() + " changes among "
                        + options.catchUpOthers() + " of other staff members");
                catchUp = new CatchUpScenario(server, options, runId, warnings).run();
            }
            if (options.runs("fanout")) {
                announce(runId, load, "fanOut", options.subscribers() + " subscribers, " + options.rate()
                        + " changes/s, then the minimal STOMP server");
                fanOut = fanOuts.fanOut();
            }
            if (options.runs("crossnode")) {
                announce(runId, load, "crossNode", options.crossNodeSubscribers() + " subscribers on node A, then "
                        + "on a second node B; commands to node A at " + options.rate() + "/s");
                crossNode = fanOuts.crossNode();
            }
            if (options.runs("connections")) {
                announce(runId, load, "connections", options.idleConnections() + " idle subscribers, then as many "
                        + "on the minimal STOMP server");
                connections = new ConnectionsScenario(server, options, warnings).run();
            }
            // before replay: the replay leaves the other processors working through its events
            if (options.runs("contention")) {
                announce(runId, load, "contention", options.connections() + " writers on " + options.hotStaff()
                        + " staff members, each strategy, then the JDBC baseline");
                contention = new ContentionScenario(server, options, runId, warnings).run();
            }
            if (options.runs("replay")) {
                announce(runId, load, "replay", options.replayEvents() + " events inserted, then the staff directory "
                        + "rebuilt");
                replay = new ReplayScenario(server, options, runId, warnings).run();
            }
            // last: it leaves the directory rows of the staff members carrying the aged history behind
            if (options.runs("aging")) {
                announce(runId, load, "aging", "the write scenario and a rebuild, then " + options.agingEvents()
                        + " events inserted, then both again");
                aging = new AgingScenario(server, options, runId, warnings).run();
            }
            load.put("end", loadAverage());
            if (loadBefore > machine.cores() / 2.0) {
                warnings.add("the load average was " + loadBefore + " on " + machine.cores() + " cores before the "
                        + "bench started: other processes were competing for the CPU");
            }
            return new BenchReport(startedAt, machine, parameters, write, catchUp, fanOut, crossNode, connections,
                    replay, contention, aging, List.copyOf(warnings));
        }
    }

    private static void announce(String runId, Map<String, Double> load, String scenario, String what) {
        double now = loadAverage();
        load.put(scenario, now);
        System.err.println("bench " + runId + ": " + scenario + " (" + what + "); load average " + now);
    }

    private static double seconds(java.time.Duration duration) {
        return duration.toMillis() / 1000.0;
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
