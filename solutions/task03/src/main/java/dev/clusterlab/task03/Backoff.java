package dev.clusterlab.task03;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with a cap: the more often workers have just been restarted, the longer the
 * supervisor waits before the next restart, so a worker that cannot start (a database down, a bad
 * configuration) is not restarted in a tight loop that burns the machine and floods the logs.
 * Restart 1 waits {@code initial}, restart 2 twice that, restart 3 four times, and so on, never longer
 * than {@code max}. pm2's {@code exp_backoff_restart_delay} grows the same way, by 1.5 instead of 2.
 *
 * @param initial the delay before restart 1; more than zero
 * @param max     the longest delay; at least {@code initial}
 */
public record Backoff(Duration initial, Duration max) {

    /** Validates. */
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("the initial backoff must be more than zero, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the longest backoff (" + max + ") is shorter than the initial one ("
                    + initial + ")");
        }
    }

    /**
     * The delay before restart number {@code restart}.
     *
     * @param restart 1 for the first restart of a period, 2 for the second...
     * @return {@code initial} times 2<sup>restart-1</sup>, at most {@code max}
     */
    public Duration delay(int restart) {
        if (restart < 1) {
            throw new IllegalArgumentException("restarts are counted from 1, was " + restart);
        }
        // BEGIN SOLUTION double the delay for each restart after the first: initial, 2 x initial, 4 x initial..., never more than max (restart 100 must not overflow)
        // tag::delay[]
        Duration delay = initial;
        // Stop doubling once the cap is reached: 2^(restart-1) overflows long for a large restart.
        for (int i = 1; i < restart && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
        // end::delay[]
        // END SOLUTION
    }
}
