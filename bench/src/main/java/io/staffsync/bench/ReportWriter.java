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
        BenchReport.Parameters p = report.parameters();
        BenchReport.Write write = report.write();
        BenchReport.CatchUp catchUp = report.catchUp();
        line(out, "StaffSync bench, %s: %s, %d cores, %s", report.startedAt(), machine.server(), machine.cores(),
                machine.java());
        line(out, "PostgreSQL %s", machine.postgres().entrySet().stream()
                .map(e -> e.getKey().equals("server_version") ? e.getValue() : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
        line(out, "load average before the bench, at the start of write, of catch-up, at the end: %s", machine.loadAverage().values());
        line(out, "");
        line(out, "Write throughput: %d connections, %d staff members, %s s measured after %s s warm-up, closed loop",
                p.connections(), p.staff(), num(p.durationSeconds()), num(p.warmupSeconds()));
        line(out, "%-34s %8s %9s %9s %9s %9s %9s", "", "count", "per s", "p50 ms", "p99 ms", "p99.9 ms", "max ms");
        for (BenchReport.Run run : List.of(write.stomp(), write.jdbc())) {
            Latency l = run.latency();
            line(out, "%-34s %8d %9.1f %9.2f %9.2f %9.2f %9.2f", run.name(), run.accepted(), run.perSecond(),
                    l.p50Ms(), l.p99Ms(), l.p999Ms(), l.maxMs());
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
        line(out, "Catch-up: %d changes of one staff member, SUBSCRIBE /topic/staff.{id} with resume-from: %d",
                catchUp.events(), catchUp.fromPosition());
        line(out, "%-38s %8s %10s %10s %10s %8s %5s", "", "count", "first ms", "total ms", "per s", "MB/s", "ok");
        for (BenchReport.Fetch fetch : catchUp.stomp()) {
            fetchLine(out, fetch);
        }
        fetchLine(out, catchUp.jdbc());
        line(out, "%-38s %8s %10s %10s %9.3fx", "STOMP (last subscriber) / JDBC", "", "", "", catchUp.ratio());
        line(out, "setup: %d rows inserted in %s s; the server had projected them %s s later", catchUp.events() - 2,
                num(catchUp.insertSeconds()), num(catchUp.settleSeconds()));
        line(out, "");
        line(out, "warnings: %s", report.warnings().isEmpty() ? "none" : "");
        report.warnings().forEach(w -> line(out, "  %s", w));
        return out.toString();
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

    /** The table, and the two latency distributions plotted against percentile on a log-of-nines axis. */
    static String html(BenchReport report) {
        String table = table(report).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>StaffSync bench</title>
                <style>body{font-family:sans-serif;margin:2em}pre{font-size:13px}svg text{font-size:12px}</style>
                </head><body>
                <h1>StaffSync bench</h1>
                <h2>Write latency by percentile</h2>
                %s
                <p>Each point is the reply (STOMP) or commit (JDBC) latency below which that share of operations
                finished. The x axis spreads the tail: each step is another nine.</p>
                <h2>Figures</h2>
                <pre>%s</pre>
                </body></html>
                """.formatted(svg(report.write()), table);
    }

    private static String svg(BenchReport.Write write) {
        int width = 860;
        int height = 400;
        int left = 70;
        int right = 240;
        int top = 20;
        int bottom = 50;
        double maxNines = 4;
        List<Latency.Point> stomp = write.stomp().latency().curve();
        List<Latency.Point> jdbc = write.jdbc().latency().curve();
        double lowest = Math.max(0.01, List.of(stomp, jdbc).stream().flatMap(List::stream).mapToDouble(Latency.Point::ms)
                .filter(ms -> ms > 0).min().orElse(0.01));
        double highest = Math.max(lowest * 10, List.of(stomp, jdbc).stream().flatMap(List::stream)
                .mapToDouble(Latency.Point::ms).max().orElse(1));
        double logLow = Math.floor(Math.log10(lowest));
        double logHigh = Math.ceil(Math.log10(highest));
        int plotWidth = width - left - right;
        int plotHeight = height - top - bottom;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\">", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>", left, top, plotWidth, plotHeight));
        String[] labels = {"0%", "90%", "99%", "99.9%", "99.99% / max"};
        for (int nines = 0; nines <= maxNines; nines++) {
            double x = left + plotWidth * nines / maxNines;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, top, x, top + plotHeight, x,
                    top + plotHeight + 18, labels[nines]));
        }
        for (double decade = logLow; decade <= logHigh; decade++) {
            double y = top + plotHeight - plotHeight * (decade - logLow) / (logHigh - logLow);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>", left, y, left + plotWidth, y,
                    left - 6, y + 4, num(Latency.round(Math.pow(10, decade)))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>",
                left + plotWidth / 2, height - 10));
        String[][] series = {{write.stomp().name(), "#d62728"}, {write.jdbc().name(), "#1f77b4"}};
        List<List<Latency.Point>> curves = List.of(stomp, jdbc);
        for (int s = 0; s < 2; s++) {
            StringBuilder points = new StringBuilder();
            for (Latency.Point point : curves.get(s)) {
                double nines = point.percentile() >= 100 ? maxNines
                        : Math.min(maxNines, -Math.log10(1 - point.percentile() / 100));
                double x = left + plotWidth * nines / maxNines;
                double ms = Math.max(point.ms(), Math.pow(10, logLow));
                double y = top + plotHeight - plotHeight * (Math.log10(ms) - logLow) / (logHigh - logLow);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "points=\"%s\"/>", series[s][1], points.toString().trim()));
            int legendY = top + 20 + s * 20;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s</text>", left + plotWidth + 10, legendY,
                    left + plotWidth + 30, legendY, series[s][1], left + plotWidth + 35, legendY + 4,
                    series[s][0].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")));
        }
        return svg.append("</svg>").toString();
    }
}
