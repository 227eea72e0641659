package io.staffsync.bench;

import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The report three ways: a table for the terminal, bench-report.json, and bench-report.html with a plot. */
final class ReportWriter {

    static final String JSON_FILE = "bench-report.json";
    static final String HTML_FILE = "bench-report.html";

    private ReportWriter() {
    }

    static List<Path> write(BenchReport report, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path json = directory.resolve(JSON_FILE);
        StompConnection.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        Path html = directory.resolve(HTML_FILE);
        Files.writeString(html, html(report), StandardCharsets.UTF_8);
        return List.of(json.toAbsolutePath(), html.toAbsolutePath());
    }

    static String table(BenchReport report) {
        StringBuilder out = new StringBuilder();
        BenchReport.Machine machine = report.machine();
        line(out, "StaffSync bench, %s: %s, %d cores, %s", report.startedAt(), machine.server(), machine.cores(),
                machine.java());
        line(out, "PostgreSQL %s", machine.postgres().entrySet().stream()
                .map(e -> e.getKey().equals("server_version") ? e.getValue() : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
        line(out, "load average (1 min) before the bench, at the start of each scenario, at the end: %s",
                machine.loadAverage());
        line(out, "");
        if (report.write() != null) {
            write(out, report.parameters(), report.write());
        }
        if (report.catchUp() != null) {
            catchUp(out, report.catchUp());
        }
        if (report.fanOut() != null) {
            BenchReport.FanOut f = report.fanOut();
            line(out, "Fan-out: %d subscribers of /topic/staff, %d changes/s on a fixed schedule (open loop), %s s "
                    + "measured after %s s warm-up", f.subscribers(), f.rate(),
                    num(report.parameters().fanOutSeconds()), num(report.parameters().warmupSeconds()));
            deliveries(out, List.of(f.stomp(), f.baseline()), "StaffSync / minimal STOMP", f.ratio());
        }
        if (report.crossNode() != null) {
            BenchReport.CrossNode c = report.crossNode();
            line(out, "Cross-node fan-out: commands to node A at %d/s, %d subscribers on node A, then on node B "
                    + "(same PostgreSQL)", c.rate(), c.subscribers());
            deliveries(out, List.of(c.sameNode(), c.otherNode()), "node B / node A", c.ratio());
        }
        if (report.connections() != null) {
            connections(out, report.connections());
        }
        if (report.contention() != null) {
            contention(out, report.parameters(), report.contention());
        }
        if (report.replay() != null) {
            replay(out, report.replay());
        }
        if (report.aging() != null) {
            aging(out, report.aging());
        }
        line(out, "warnings: %s", report.warnings().isEmpty() ? "none" : "");
        report.warnings().forEach(w -> line(out, "  %s", w));
        return out.toString();
    }

    private static void write(StringBuilder out, BenchReport.Parameters p, BenchReport.Write write) {
        line(out, "Write throughput: %d connections, %d staff members, %s s measured after %s s warm-up, closed loop",
                p.connections(), p.staff(), num(p.durationSeconds()), num(p.warmupSeconds()));
        line(out, "%-34s %8s %9s %9s %9s %9s %9s", "", "count", "per s", "p50 ms", "p99 ms", "p99.9 ms", "max ms");
        for (BenchReport.Run run : List.of(write.stomp(), write.jdbc())) {
            runLine(out, run);
        }
        BenchReport.Ratio ratio = write.ratio();
        line(out, "%-34s %8s %8.3fx %8.2fx %8.2fx %8.2fx", "STOMP / JDBC", "", ratio.throughput(), ratio.p50(),
                ratio.p99(), ratio.p999());
        line(out, "replies: %s; unmatched %d; update events stored %d for %d accepted (warm-up included)",
                write.stomp().outcomes(), write.unmatchedReplies(), write.storedUpdateEvents(),
                write.acceptedUpdatesIncludingWarmup());
        line(out, "setup: %d staff members created over STOMP in %s s (%.1f/s, p50 %.2f ms)", write.setup().accepted(),
                num(write.setup().seconds()), write.setup().perSecond(), write.setup().latency().p50Ms());
        line(out, "");
    }

    private static void runLine(StringBuilder out, BenchReport.Run run) {
        runLine(out, run.name(), run);
    }

    private static void runLine(StringBuilder out, String name, BenchReport.Run run) {
        Latency l = run.latency();
        line(out, "%-34s %8d %9.1f %9.2f %9.2f %9.2f %9.2f", shorten(name, 34), run.accepted(),
                run.perSecond(), l.p50Ms(), l.p99Ms(), l.p999Ms(), l.maxMs());
    }

    private static void catchUp(StringBuilder out, BenchReport.CatchUp catchUp) {
        line(out, "Catch-up: %d changes of one staff member, stored among %d of others, SUBSCRIBE /topic/staff.{id} "
                + "with resume-from: %d", catchUp.events(), catchUp.others(), catchUp.fromPosition());
        line(out, "%-38s %8s %10s %10s %10s %8s %5s", "", "count", "first ms", "total ms", "per s", "MB/s", "ok");
        for (BenchReport.Fetch fetch : catchUp.stomp()) {
            fetchLine(out, fetch);
        }
        fetchLine(out, catchUp.jdbc());
        line(out, "%-38s %8s %10s %10s %9.3fx", "STOMP (last subscriber) / JDBC", "", "", "", catchUp.ratio());
        line(out, "setup: %d rows inserted in %s s; the server had projected them %s s later", catchUp.events() - 2,
                num(catchUp.insertSeconds()), num(catchUp.settleSeconds()));
        line(out, "");
    }

    private static void deliveries(StringBuilder out, List<BenchReport.Delivery> runs, String ratioName,
                                   BenchReport.DeliveryRatio ratio) {
        line(out, "%-34s %7s %9s %10s %6s %6s %9s %9s %9s", "", "changes", "delivered", "msgs/s", "lost", "dup",
                "p50 ms", "p99 ms", "max ms");
        for (BenchReport.Delivery d : runs) {
            Latency l = d.latency();
            line(out, "%-34s %7d %9d %10.0f %6d %6d %9.2f %9.2f %9.2f", shorten(d.name(), 34), d.accepted(),
                    d.delivered(), d.deliveredPerSecond(), d.lost(), d.duplicated(), l.p50Ms(), l.p99Ms(), l.maxMs());
        }
        line(out, "%-34s %7s %9s %9.3fx %6s %6s %8.2fx %8.2fx %8.2fx", ratioName, "", "", ratio.deliveredPerSecond(),
                "", "", ratio.p50(), ratio.p99(), ratio.max());
        for (BenchReport.Delivery d : runs) {
            line(out, "%s: %d sent in the window, %d skipped (no staff member free); replies %s; %d subscribers, "
                    + "%d deliveries expected", shorten(d.name(), 40), d.sent(), d.skipped(), d.replies(),
                    d.subscribers(), d.expectedDeliveries());
        }
        line(out, "");
    }

    private static void connections(StringBuilder out, BenchReport.Connections c) {
        line(out, "Idle connections: %d STOMP connections with one subscription each, opened by a child process; "
                + "heap of the server's JVM after full GC", c.requested());
        line(out, "%-34s %7s %7s %10s %11s %11s %11s %9s", "", "opened", "failed", "open s", "heap before",
                "heap with", "heap after", "B/conn");
        for (BenchReport.Idle idle : List.of(c.stomp(), c.baseline())) {
            line(out, "%-34s %7d %7d %10.1f %10.1fM %10.1fM %10.1fM %9d", shorten(idle.name(), 34), idle.opened(),
                    idle.failed(), idle.openSeconds(), mib(idle.heapBeforeBytes()), mib(idle.heapWithBytes()),
                    mib(idle.heapAfterCloseBytes()), idle.bytesPerConnection());
        }
        line(out, "%-34s %54s %8.2fx", "StaffSync / minimal STOMP", "", c.ratio());
        line(out, "target: %d idle connections within %d MiB heap; heap before + %d x bytes per connection = %.0f MiB "
                + "(max heap of this JVM %.0f MiB)", c.targetConnections(), c.targetHeapMiB(), c.targetConnections(),
                c.projected10kMiB(), mib(c.maxHeapBytes()));
        line(out, "");
    }

    private static void contention(StringBuilder out, BenchReport.Parameters p, BenchReport.Contention c) {
        line(out, "Contention: %d writers on %d staff members, closed loop, %s s per strategy; every update stale "
                + "unless its writer saw the last version", c.writers(), c.staff(), num(p.contentionSeconds()));
        line(out, "%-34s %9s %9s %9s %9s %9s %9s %9s %6s %8s", "", "accept/s", "merged/s", "reject/s", "pending/s",
                "p50 ms", "p99 ms", "max ms", "lost", "ratio");
        for (BenchReport.StrategyRun s : c.strategies()) {
            Latency l = s.run().latency();
            line(out, "%-34s %9.1f %9.1f %9.1f %9.1f %9.2f %9.2f %9.2f %6d %7.3fx", s.strategy(),
                    s.acceptedPerSecond(), s.mergedPerSecond(), s.rejectedPerSecond(), s.pendingPerSecond(),
                    l.p50Ms(), l.p99Ms(), l.maxMs(), s.lostUpdates(), s.ratio());
        }
        Latency b = c.baseline().latency();
        line(out, "%-34s %9.1f %9s %9s %9s %9.2f %9.2f %9.2f", shorten(c.baseline().name(), 34),
                c.baseline().perSecond(), "", "", "", b.p50Ms(), b.p99Ms(), b.maxMs());
        for (BenchReport.StrategyRun s : c.strategies()) {
            line(out, "%s: outcomes %s; stored %d events for %d ACCEPTED/PENDING_CHOICE replies (warm-up included)",
                    s.strategy(), s.run().outcomes(), s.storedEvents(), s.expectedEvents());
        }
        line(out, "baseline: %d appends, %d retries after a unique violation; ratio = (accepted + merged)/s over "
                + "the baseline's appends/s", c.baseline().accepted(), c.baselineRetries());
        line(out, "");
    }

    private static void replay(StringBuilder out, BenchReport.Replay r) {
        line(out, "Replay: %d events inserted (in %s s), %d in the store; staff-directory reset through Axon and "
                + "run to the head", r.inserted(), num(r.insertSeconds()), r.storedEvents());
        line(out, "%-42s %10s %10s %12s", "", "events", "seconds", "events/s");
        for (BenchReport.Rebuild rebuild : List.of(r.projection(), r.jdbcRead(), r.jdbcReadUpsert())) {
            line(out, "%-42s %10d %10.2f %12.0f", shorten(rebuild.name(), 42), rebuild.events(), rebuild.seconds(),
                    rebuild.perSecond());
        }
        line(out, "%-42s %10s %10s %11.3fx", "replay / JDBC read", "", "", r.ratioRead());
        line(out, "%-42s %10s %10s %11.3fx", "replay / JDBC read + upsert", "", "", r.ratioUpsert());
        line(out, "rebuilt staff_directory matches the one before (rows, sum of versions + inserted): %s",
                r.directoryMatches() ? "yes" : "NO");
        line(out, "");
    }

    /** One line per run: {@code value} of each second of its timeline. */
    private static List<Series> timeline(List<BenchReport.Run> runs,
                                         java.util.function.ToDoubleFunction<BenchReport.Interval> value) {
        List<Series> series = new java.util.ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            series.add(new Series(runs.get(i).name(), COLORS[i % COLORS.length], runs.get(i).timeline().stream()
                    .map(t -> new double[] {t.second(), value.applyAsDouble(t)}).toList()));
        }
        return series;
    }

    private static void aging(StringBuilder out, BenchReport.Aging a) {
        line(out, "Aging: the write scenario and a staff-directory rebuild of the same events, on the fresh store "
                + "(%d events), then with %d more (%d; inserted in %s s, taken in by the change feed and the hash "
                + "chain in %s s)", a.freshStoredEvents(), a.agedEvents(), a.agedStoredEvents(),
                num(a.insertSeconds()), num(a.catchUpSeconds()));
        line(out, "%-34s %8s %9s %9s %9s %9s %9s", "", "count", "per s", "p50 ms", "p99 ms", "p99.9 ms", "max ms");
        runLine(out, "STOMP update, fresh", a.freshWrite().stomp());
        runLine(out, "STOMP update, aged", a.agedWrite().stomp());
        runLine(out, "JDBC insert, fresh (control)", a.freshWrite().jdbc());
        runLine(out, "JDBC insert, aged (control)", a.agedWrite().jdbc());
        line(out, "%-42s %10s %10s %12s", "", "events", "seconds", "events/s");
        for (BenchReport.Rebuild rebuild : List.of(a.freshReplay(), a.agedReplay())) {
            line(out, "%-42s %10d %10.2f %12.0f", shorten(rebuild.name(), 42), rebuild.events(), rebuild.seconds(),
                    rebuild.perSecond());
        }
        line(out, "%-42s %10s %10s %11.3fx", "aged slowdown, STOMP writes (fresh / aged)", "", "", a.writeSlowdown());
        line(out, "%-42s %10s %10s %11.3fx", "aged slowdown, replay", "", "", a.replaySlowdown());
        line(out, "%-42s %10s %10s %11.3fx", "control: JDBC baseline (scratch table)", "", "", a.jdbcSlowdown());
        line(out, "");
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String shorten(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    private static void fetchLine(StringBuilder out, BenchReport.Fetch fetch) {
        double megabytesPerSecond = fetch.totalMs() == 0 ? 0 : fetch.bytes() / 1e6 / (fetch.totalMs() / 1000);
        line(out, "%-38s %8d %10.1f %10.1f %10.0f %8.1f %5s", fetch.name(), fetch.messages(), fetch.firstMs(),
                fetch.totalMs(), fetch.perSecond(), megabytesPerSecond,
                fetch.complete() && fetch.outOfOrder() == 0 ? "yes" : "NO");
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String num(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** One line of a plot. */
    record Series(String name, String color, List<double[]> points) {
    }

    private static final String[] COLORS = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

    /** The table, and plots: latency by percentile per scenario, and the fan-out runs second by second. */
    static String html(BenchReport report) {
        StringBuilder plots = new StringBuilder();
        if (report.write() != null) {
            plots.append(section("Write latency by percentile", percentilePlot(List.of(
                    curve(report.write().stomp().name(), 0, report.write().stomp().latency()),
                    curve(report.write().jdbc().name(), 1, report.write().jdbc().latency()))),
                    "Reply (STOMP) or commit (JDBC) latency below which that share of operations finished. Each step "
                            + "of the x axis is another nine."));
            List<BenchReport.Run> runs = List.of(report.write().stomp(), report.write().jdbc());
            plots.append(section("Write throughput over time", linePlot(timeline(runs, i -> i.completed()),
                    "second of the measured window", "operations/s"), "Commands answered (STOMP) and durable inserts "
                    + "(JDBC baseline) that ended in each second. The two runs came one after the other."));
            plots.append(section("Write p99 latency over time", linePlot(timeline(runs, i -> i.p99Ms()),
                    "second of the measured window", "p99 ms"), ""));
        }
        List<BenchReport.Delivery> timelines = new java.util.ArrayList<>();
        if (report.fanOut() != null || report.crossNode() != null) {
            List<Series> curves = new java.util.ArrayList<>();
            if (report.fanOut() != null) {
                timelines.addAll(List.of(report.fanOut().stomp(), report.fanOut().baseline()));
            }
            if (report.crossNode() != null) {
                timelines.addAll(List.of(report.crossNode().sameNode(), report.crossNode().otherNode()));
            }
            for (int i = 0; i < timelines.size(); i++) {
                curves.add(curve(timelines.get(i).name(), i, timelines.get(i).latency()));
            }
            plots.append(section("Fan-out latency by percentile (scheduled send to receipt, all deliveries)",
                    percentilePlot(curves), ""));
            List<Series> rates = new java.util.ArrayList<>();
            List<Series> p99 = new java.util.ArrayList<>();
            for (int i = 0; i < timelines.size(); i++) {
                BenchReport.Delivery d = timelines.get(i);
                rates.add(new Series(d.name(), COLORS[i % COLORS.length], d.timeline().stream()
                        .map(t -> new double[] {t.second(), t.delivered()}).toList()));
                p99.add(new Series(d.name(), COLORS[i % COLORS.length], d.timeline().stream()
                        .filter(t -> t.sent() > 0).map(t -> new double[] {t.second(), t.p99Ms()}).toList()));
            }
            plots.append(section("Fan-out: messages delivered per second over time", linePlot(rates,
                    "second of the measured window", "msgs/s"), "Deliveries of changes sent in the measured window, "
                    + "by the second they arrived in."));
            plots.append(section("Fan-out: p99 latency over time", linePlot(p99, "second of the measured window "
                    + "(by scheduled send)", "p99 ms"), ""));
        }
        if (report.contention() != null) {
            List<Series> curves = new java.util.ArrayList<>();
            List<BenchReport.StrategyRun> strategies = report.contention().strategies();
            for (int i = 0; i < strategies.size(); i++) {
                curves.add(curve(strategies.get(i).strategy(), i, strategies.get(i).run().latency()));
            }
            curves.add(curve(report.contention().baseline().name(), strategies.size(),
                    report.contention().baseline().latency()));
            plots.append(section("Contention latency by percentile", percentilePlot(curves), ""));
        }
        String table = escape(table(report));
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>StaffSync bench</title>
                <style>body{font-family:sans-serif;margin:2em}pre{font-size:13px}svg text{font-size:12px}</style>
                </head><body>
                <h1>StaffSync bench</h1>
                %s
                <h2>Figures</h2>
                <pre>%s</pre>
                </body></html>
                """.formatted(plots, table);
    }

    private static String section(String title, String svg, String caption) {
        return "<h2>" + escape(title) + "</h2>\n" + svg + "\n" + (caption.isEmpty() ? "" : "<p>" + escape(caption)
                + "</p>\n");
    }

    private static Series curve(String name, int index, Latency latency) {
        return new Series(name, COLORS[index % COLORS.length], latency.curve().stream()
                .map(point -> new double[] {point.percentile(), point.ms()}).toList());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 300;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;

    /** Latency (log scale) against percentile on a log-of-nines axis. */
    private static String percentilePlot(List<Series> series) {
        double maxNines = 4;
        double lowest = Math.max(0.01, series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1])
                .filter(ms -> ms > 0).min().orElse(0.01));
        double highest = Math.max(lowest * 10, series.stream().flatMap(s -> s.points().stream())
                .mapToDouble(p -> p[1]).max().orElse(1));
        double logLow = Math.floor(Math.log10(lowest));
        double logHigh = Math.ceil(Math.log10(highest));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = frame(plotWidth, plotHeight);
        String[] labels = {"0%", "90%", "99%", "99.9%", "99.99% / max"};
        for (int nines = 0; nines <= maxNines; nines++) {
            double x = LEFT + plotWidth * nines / maxNines;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, TOP, x, TOP + plotHeight, x,
                    TOP + plotHeight + 18, labels[nines]));
        }
        for (double decade = logLow; decade <= logHigh; decade++) {
            double y = TOP + plotHeight - plotHeight * (decade - logLow) / (logHigh - logLow);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>", LEFT, y, LEFT + plotWidth, y,
                    LEFT - 6, y + 4, num(Latency.round(Math.pow(10, decade)))));
        }
        axisLabel(svg, plotWidth, "percentile");
        for (int s = 0; s < series.size(); s++) {
            StringBuilder points = new StringBuilder();
            for (double[] point : series.get(s).points()) {
                double nines = point[0] >= 100 ? maxNines : Math.min(maxNines, -Math.log10(1 - point[0] / 100));
                double x = LEFT + plotWidth * nines / maxNines;
                double ms = Math.max(point[1], Math.pow(10, logLow));
                double y = TOP + plotHeight - plotHeight * (Math.log10(ms) - logLow) / (logHigh - logLow);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            polyline(svg, series.get(s), points.toString().trim(), s, plotWidth);
        }
        return svg.append("</svg>").toString();
    }

    /** y against x, both linear from zero. */
    private static String linePlot(List<Series> series, String xLabel, String yLabel) {
        double maxX = Math.max(1, series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[0]).max()
                .orElse(1));
        double maxY = niceCeiling(series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1]).max()
                .orElse(1));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = frame(plotWidth, plotHeight);
        for (int i = 0; i <= 5; i++) {
            double y = TOP + plotHeight - plotHeight * i / 5.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT, y, LEFT + plotWidth, y,
                    LEFT - 6, y + 4, num(Latency.round(maxY * i / 5.0))));
            double x = LEFT + plotWidth * i / 5.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x,
                    TOP + plotHeight + 18, num(Math.round(maxX * i / 5.0))));
        }
        axisLabel(svg, plotWidth, xLabel);
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"start\">%s</text>", 4, TOP - 6,
                escape(yLabel)));
        for (int s = 0; s < series.size(); s++) {
            StringBuilder points = new StringBuilder();
            for (double[] point : series.get(s).points()) {
                double x = LEFT + plotWidth * point[0] / maxX;
                double y = TOP + plotHeight - plotHeight * Math.min(1, point[1] / maxY);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            polyline(svg, series.get(s), points.toString().trim(), s, plotWidth);
        }
        return svg.append("</svg>").toString();
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static StringBuilder frame(int plotWidth, int plotHeight) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\">", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>", LEFT, TOP, plotWidth, plotHeight));
        return svg;
    }

    private static void axisLabel(StringBuilder svg, int plotWidth, String label) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                LEFT + plotWidth / 2, HEIGHT - 10, escape(label)));
    }

    private static void polyline(StringBuilder svg, Series series, String points, int index, int plotWidth) {
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                + "points=\"%s\"/>", series.color(), points));
        int legendY = TOP + 20 + index * 20;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                + "stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s</text>", LEFT + plotWidth + 10, legendY,
                LEFT + plotWidth + 30, legendY, series.color(), LEFT + plotWidth + 35, legendY + 4,
                escape(shorten(series.name(), 44))));
    }
}
