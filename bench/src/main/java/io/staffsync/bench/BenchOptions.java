package io.staffsync.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What to run and against what. Flags are {@code --name value} or {@code --name=value}; any other
 * {@code --key=value} is passed to the in-process server (for example {@code --staffsync.live.batch-size=1000}).
 *
 * @param url          an external server to drive, or null to start one in this process
 * @param jdbcUrl      the external server's PostgreSQL (baselines and catch-up setup); ignored in-process
 * @param serverArgs   extra Spring arguments for the in-process server
 * @param scenarios    which scenarios run, in the order of {@link #ALL_SCENARIOS}
 * @param subscribers  subscribed connections of the fan-out scenario
 * @param rate         changes per second the fan-out writers send, on a fixed schedule
 * @param fanOutDuration measured time of each fan-out run (StaffSync, then the minimal STOMP server)
 * @param crossNodeSubscribers subscribers of the cross-node scenario (on node B, then on node A)
 * @param idleConnections idle subscribed connections opened to measure heap per connection
 * @param replayEvents events inserted before the projection rebuild
 * @param replayStaff  staff members those events are spread over (few staff members make every baseline upsert a
 *                     hot-row update, which no real history looks like)
 * @param contentionDuration measured time of each contention run (one per conflict strategy, then JDBC)
 * @param hotStaff     staff members the contention writers share
 * @param agingEvents  events the aging scenario adds to the store between its fresh and its aged measurements
 * @param agingReplayEvents events the aging scenario inserts before its fresh replay, the history both replays
 *                     rebuild
 * @param catchUpOthers other staff members' changes stored among the catch-up's K changes, which a resume on one
 *                     staff member's topic must skip
 */
public record BenchOptions(
        Duration duration,
        Duration warmup,
        int connections,
        int staff,
        int catchUpEvents,
        URI url,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String login,
        String passcode,
        Path reportDir,
        List<String> serverArgs,
        Set<String> scenarios,
        int subscribers,
        int rate,
        Duration fanOutDuration,
        int crossNodeSubscribers,
        int idleConnections,
        int replayEvents,
        int replayStaff,
        Duration contentionDuration,
        int hotStaff,
        long agingEvents,
        int agingReplayEvents,
        int catchUpOthers) {

    public static final List<String> ALL_SCENARIOS = List.of("write", "catchup", "fanout", "crossnode", "connections",
            "replay", "contention", "aging");

    public static final String USAGE = """
            usage: java -jar bench/target/staffsync-bench.jar [options] [--spring.property=value ...]
              --duration <s>         measured time of each write scenario (default 20)
              --warmup <s>           unmeasured time before it (default 5)
              --connections <n>      concurrent editor connections, and JDBC connections of the baseline (default 16)
              --staff <n>            staff members the writers update (default 1000)
              --catchup-events <n>   changes a resuming subscriber catches up on (default 10000)
              --catchup-others <n>   other staff members' changes stored among them (default 0)
              --url <http://h:p>     drive this running server instead of starting one in-process
              --jdbc-url <url>       its PostgreSQL (default jdbc:postgresql://localhost:15432/postgres)
              --jdbc-user <u>        (default postgres)   --jdbc-password <p> (default empty)
              --login <u> --passcode <p>   editor credentials (default editor/editor)
              --report-dir <dir>     where bench-report.{json,html} go (default bench/target, else target)
              --scenarios <list>     comma-separated, of write,catchup,fanout,crossnode,connections,replay,contention,
                                     aging (default all)
              --subscribers <n>      fan-out: subscribed connections (default 1000)
              --rate <n>             fan-out and cross-node: changes per second, open loop (default 100)
              --fanout-duration <s>  fan-out and cross-node: measured time of each run (default 15)
              --crossnode-subscribers <n>  cross-node: subscribers on node B, then on node A (default 200)
              --idle-connections <n> connections: idle subscribers opened (default 2000; 10000 for the target)
              --replay-events <n>    replay: events inserted before the rebuild (default 10000; 1000000 for the target)
              --replay-staff <n>     replay: staff members the inserted events are spread over (default 200)
              --contention-duration <s>  contention: measured time per strategy and of the baseline (default 10)
              --hot-staff <n>        contention: staff members the writers share (default 10)
              --aging-events <n>     aging: events added to the store before the aged run (default 5000000)
              --aging-replay-events <n>  aging: events inserted before the fresh replay; both replays rebuild the
                                     history up to there (default 50000)
            """;

    public BenchOptions {
        if (connections < 1 || staff < connections) {
            throw new IllegalArgumentException("need at least one connection and at least one staff member per "
                    + "connection (connections " + connections + ", staff " + staff + ")");
        }
        if (catchUpEvents < 2) {
            throw new IllegalArgumentException("--catchup-events must be at least 2");
        }
        if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive and --warmup not negative");
        }
        serverArgs = List.copyOf(serverArgs);
        if (!ALL_SCENARIOS.containsAll(scenarios) || scenarios.isEmpty()) {
            throw new IllegalArgumentException("--scenarios takes a comma-separated list of " + ALL_SCENARIOS
                    + ", got " + scenarios);
        }
        Set<String> ordered = new LinkedHashSet<>(ALL_SCENARIOS);
        ordered.retainAll(scenarios);
        scenarios = Collections.unmodifiableSet(ordered);
        if (subscribers < 1 || rate < 1 || crossNodeSubscribers < 1 || idleConnections < 1 || hotStaff < 1
                || replayStaff < 1 || replayEvents < 2) {
            throw new IllegalArgumentException("--subscribers, --rate, --crossnode-subscribers, --idle-connections, "
                    + "--replay-staff and --hot-staff must be positive, --replay-events at least 2");
        }
        if (fanOutDuration.isZero() || fanOutDuration.isNegative() || contentionDuration.isZero()
                || contentionDuration.isNegative()) {
            throw new IllegalArgumentException("--fanout-duration and --contention-duration must be positive");
        }
        if (catchUpOthers < 0) {
            throw new IllegalArgumentException("--catchup-others must not be negative");
        }
        if (agingEvents < 1 || agingReplayEvents < 2) {
            throw new IllegalArgumentException("--aging-events must be positive, --aging-replay-events at least 2");
        }
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    public static BenchOptions parse(String... args) {
        Duration duration = Duration.ofSeconds(20);
        Duration warmup = Duration.ofSeconds(5);
        int connections = 16;
        int staff = 1000;
        int catchUpEvents = 10_000;
        URI url = null;
        String jdbcUrl = "jdbc:postgresql://localhost:15432/postgres";
        String jdbcUser = "postgres";
        String jdbcPassword = "";
        String login = "editor";
        String passcode = "editor";
        Path reportDir = Files.isDirectory(Path.of("bench", "target")) ? Path.of("bench", "target") : Path.of("target");
        List<String> serverArgs = new ArrayList<>();
        Set<String> scenarios = new LinkedHashSet<>(ALL_SCENARIOS);
        int subscribers = 1000;
        int rate = 100;
        Duration fanOutDuration = Duration.ofSeconds(15);
        int crossNodeSubscribers = 200;
        int idleConnections = 2000;
        int replayEvents = 10_000;
        int replayStaff = 200;
        Duration contentionDuration = Duration.ofSeconds(10);
        int hotStaff = 10;
        long agingEvents = 5_000_000;
        int agingReplayEvents = 50_000;
        int catchUpOthers = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (name.contains(".")) {
                serverArgs.add(arg);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "duration" -> duration = seconds(value);
                case "warmup" -> warmup = seconds(value);
                case "connections" -> connections = Integer.parseInt(value);
                case "staff" -> staff = Integer.parseInt(value);
                case "catchup-events" -> catchUpEvents = Integer.parseInt(value);
                case "url" -> url = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
                case "jdbc-url" -> jdbcUrl = value;
                case "jdbc-user" -> jdbcUser = value;
                case "jdbc-password" -> jdbcPassword = value;
                case "login" -> login = value;
                case "passcode" -> passcode = value;
                case "report-dir" -> reportDir = Path.of(value);
                case "scenarios" -> scenarios = new LinkedHashSet<>(Arrays.stream(value.split(","))
                        .map(String::trim).filter(v -> !v.isEmpty()).toList());
                case "subscribers" -> subscribers = Integer.parseInt(value);
                case "rate" -> rate = Integer.parseInt(value);
                case "fanout-duration" -> fanOutDuration = seconds(value);
                case "crossnode-subscribers" -> crossNodeSubscribers = Integer.parseInt(value);
                case "idle-connections" -> idleConnections = Integer.parseInt(value);
                case "replay-events" -> replayEvents = Integer.parseInt(value);
                case "replay-staff" -> replayStaff = Integer.parseInt(value);
                case "contention-duration" -> contentionDuration = seconds(value);
                case "hot-staff" -> hotStaff = Integer.parseInt(value);
                case "aging-events" -> agingEvents = Long.parseLong(value);
                case "aging-replay-events" -> agingReplayEvents = Integer.parseInt(value);
                case "catchup-others" -> catchUpOthers = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return new BenchOptions(duration, warmup, connections, staff, catchUpEvents, url, jdbcUrl, jdbcUser,
                jdbcPassword, login, passcode, reportDir, serverArgs, scenarios, subscribers, rate, fanOutDuration,
                crossNodeSubscribers, idleConnections, replayEvents, replayStaff, contentionDuration, hotStaff,
                agingEvents, agingReplayEvents, catchUpOthers);
    }

    /** Seconds, fractions allowed ({@code 2.5}), or a Java duration ({@code PT1M}). */
    private static Duration seconds(String value) {
        if (value.startsWith("P") || value.startsWith("p")) {
            return Duration.parse(value);
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }
}
