package io.staffsync.bench;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * A latency distribution in milliseconds, read from an HdrHistogram of nanoseconds.
 *
 * @param curve the latency at each of {@link #CURVE_PERCENTILES}, for plotting
 */
public record Latency(long count, double meanMs, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
                      double maxMs, List<Point> curve) {

    static final double[] CURVE_PERCENTILES = {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100};

    public record Point(double percentile, double ms) {
    }

    /** Three significant digits up to ten minutes: far beyond any reply timeout. */
    static Histogram newHistogram() {
        return new Histogram(600_000_000_000L, 3);
    }

    static Latency of(Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return new Latency(0, 0, 0, 0, 0, 0, 0, List.of());
        }
        List<Point> curve = new java.util.ArrayList<>();
        for (double percentile : CURVE_PERCENTILES) {
            curve.add(new Point(percentile, ms(nanos.getValueAtPercentile(percentile))));
        }
        return new Latency(nanos.getTotalCount(), round(nanos.getMean() / 1e6), ms(nanos.getValueAtPercentile(50)),
                ms(nanos.getValueAtPercentile(90)), ms(nanos.getValueAtPercentile(99)),
                ms(nanos.getValueAtPercentile(99.9)), ms(nanos.getMaxValue()), List.copyOf(curve));
    }

    private static double ms(long nanos) {
        return round(nanos / 1e6);
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
