package dev.clusterlab.task03;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * OTP's restart intensity: a supervisor may restart at most {@code maxRestarts} workers within any
 * {@code period}; one more than that is a crash loop, and restarting again would not help. It counts
 * the restarts in a sliding window, so restarts spread over a long time never add up to a crash loop.
 *
 * <p>Times are read off a monotonic clock (as {@link System#nanoTime()} is), as a {@link Duration}
 * since any fixed origin: a wall clock may jump. Not thread-safe: a supervisor uses it from its one
 * thread.
 */
public final class RestartIntensity {
    private final int maxRestarts;
    private final Duration period;
    /** The times of the restarts within the period, oldest first. */
    private final Deque<Duration> restarts = new ArrayDeque<>();

    /**
     * @param maxRestarts the most restarts allowed within {@code period} (0: none)
     * @param period      the window, more than zero
     */
    public RestartIntensity(int maxRestarts, Duration period) {
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must not be negative, was " + maxRestarts);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the restart period must be more than zero, was " + period);
        }
        this.maxRestarts = maxRestarts;
        this.period = period;
    }

    /** The most restarts allowed within {@link #period()}. */
    public int maxRestarts() {
        return maxRestarts;
    }

    /** The window the restarts are counted in. */
    public Duration period() {
        return period;
    }

    /**
     * Counts a restart at {@code now}.
     *
     * @param now the time on the monotonic clock; never earlier than the previous call's
     * @return how many restarts happened within the period that ends at {@code now}, this one
     *         included: restarts {@code period} or more before {@code now} are forgotten
     */
    public int record(Duration now) {
        // BEGIN SOLUTION remember now, forget every restart that is period or more before now, and return how many restarts are left (now included)
        // tag::record[]
        restarts.addLast(now);
        Duration horizon = now.minus(period);
        while (restarts.getFirst().compareTo(horizon) <= 0) {
            restarts.removeFirst();
        }
        return restarts.size();
        // end::record[]
        // END SOLUTION
    }

    /** Whether {@code restarts} within the period are more than {@link #maxRestarts()}: a crash loop. */
    public boolean exceeded(int restarts) {
        return restarts > maxRestarts;
    }
}
