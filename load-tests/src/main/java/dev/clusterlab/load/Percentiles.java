package dev.clusterlab.load;

import java.util.Arrays;

/** The order statistics the measured runs print (startup, standby): nearest-rank, no interpolation. */
public final class Percentiles {
    private Percentiles() {
    }

    /** The median of {@code values}. */
    public static double median(double[] values) {
        return percentile(values, 0.5);
    }

    /** The nearest-rank percentile {@code p} (0..1] of {@code values}, which must not be empty. */
    public static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Nanoseconds as milliseconds. */
    public static double ms(long nanos) {
        return nanos / 1e6;
    }
}
