package dev.baton.bench;

import java.util.Arrays;
import java.util.Collection;

/** Latency samples in nanoseconds, kept whole (a run has at most a few hundred thousand). */
final class Samples {

    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    int size() {
        return size;
    }

    static Samples merge(Collection<Samples> parts) {
        Samples all = new Samples();
        for (Samples p : parts) {
            for (int i = 0; i < p.size; i++) {
                all.add(p.values[i]);
            }
        }
        return all;
    }

    /** Count and percentiles in milliseconds; all NaN when empty. */
    Summary summary() {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        if (size == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = Arrays.stream(sorted).average().orElse(Double.NaN) / 1e6;
        return new Summary(size, pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted[size - 1] / 1e6, mean);
    }

    /** The {@code p} quantile (0.95 for p95) in milliseconds; NaN when empty. */
    double percentile(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return pct(sorted, p);
    }

    private static double pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    record Summary(int count, double p50, double p90, double p99, double max, double mean) {
        String p50p99() {
            return Report.ms(p50) + " / " + Report.ms(p99);
        }
    }
}
