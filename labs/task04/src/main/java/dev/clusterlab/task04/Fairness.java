package dev.clusterlab.task04;

import java.util.Collection;
import java.util.Locale;

/**
 * How evenly connections were spread over the workers of a cluster.
 *
 * @param workers    how many workers there were, those that got nothing included
 * @param total      the connections counted
 * @param max        the most any worker got
 * @param min        the fewest any worker got (0 when a worker got none)
 * @param maxOverMin {@code max / min}: 1 is perfectly even; infinite when a worker got none
 * @param jainIndex  Jain's fairness index, {@code (Σx)² / (n · Σx²)}: 1 when every worker got the
 *                   same, {@code 1/n} when one worker got everything
 */
public record Fairness(int workers, long total, long max, long min, double maxOverMin, double jainIndex) {

    /**
     * The fairness of {@code counts}, one count per worker that got connections, over
     * {@code workers} workers: the workers missing from {@code counts} got none, and count as 0.
     *
     * @throws IllegalArgumentException if {@code workers < 1}, there are more counts than workers,
     *                                  a count is negative, or nothing was counted
     */
    public static Fairness of(Collection<Long> counts, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        if (counts.size() > workers) {
            throw new IllegalArgumentException(counts.size() + " counts for " + workers + " workers");
        }
        if (counts.stream().anyMatch(c -> c == null || c < 0)) {
            throw new IllegalArgumentException("counts must not be negative: " + counts);
        }
        if (counts.stream().mapToLong(Long::longValue).sum() == 0) {
            throw new IllegalArgumentException("nothing was counted: fairness is undefined");
        }
        throw new UnsupportedOperationException("TODO(task04): compute total, max and min (a worker missing from counts got 0), max/min (infinite when min is 0) and Jain's index (Σx)² / (n·Σx²) over all n = workers");
    }

    /** For a report: {@code 2 workers, 1000 connections, max 520, min 480, max/min 1.08, Jain 0.998}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d workers, %d connections, max %d, min %d, max/min %.2f, Jain %.3f",
                workers, total, max, min, maxOverMin, jainIndex);
    }
}
