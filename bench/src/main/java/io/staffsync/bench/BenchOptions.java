package io.staffsync.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What to run and against what. Flags are {@code --name value} or {@code --name=value}; any other
 * {@code --key=value} is passed to the in-process server (for example {@code --staffsync.live.batch-size=1000}).
 *
 * @param url          an external server to drive, or null to start one in this process
 * @param jdbcUrl      the external server's PostgreSQL (baselines and catch-up setup); ignored in-process
 * @param serverArgs   extra Spring arguments for the in-process server
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
        List<String> serverArgs) {

    public static final String USAGE = """
            usage: java -jar bench/target/staffsync-bench.jar [options] [--spring.property=value ...]
              --duration <s>         measured time of each write scenario (default 20)
              --warmup <s>           unmeasured time before it (default 5)
              --connections <n>      concurrent editor connections, and JDBC connections of the baseline (default 16)
              --staff <n>            staff members the writers update (default 1000)
              --catchup-events <n>   changes a resuming subscriber catches up on (default 10000)
              --url <http://h:p>     drive this running server instead of starting one in-process
              --jdbc-url <url>       its PostgreSQL (default jdbc:postgresql://localhost:15432/postgres)
              --jdbc-user <u>        (default postgres)   --jdbc-password <p> (default empty)
              --login <u> --passcode <p>   editor credentials (default editor/editor)
              --report-dir <dir>     where bench-report.{json,html} go (default bench/target, else target)
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
                default -> throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return new BenchOptions(duration, warmup, connections, staff, catchUpEvents, url, jdbcUrl, jdbcUser,
                jdbcPassword, login, passcode, reportDir, serverArgs);
    }

    /** Seconds, fractions allowed ({@code 2.5}), or a Java duration ({@code PT1M}). */
    private static Duration seconds(String value) {
        if (value.startsWith("P") || value.startsWith("p")) {
            return Duration.parse(value);
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }
}
