package dev.clusterlab.workloads;

/**
 * CPU-heavy work for the tasks' {@code GET /work?n=}: counting primes the slow way, by trial division,
 * so that one call keeps one core busy for a while.
 *
 * <p>It is pure computation: no I/O, no locks, no allocation. Whatever thread runs it does nothing
 * else meanwhile; on an event loop that means every other connection waits. Every task serves this
 * same work, so their measurements compare, and the JMH benchmark in {@code load-tests} measures it on
 * its own.
 */
public final class Primes {
    /**
     * The {@code n} of {@code GET /work} without {@code ?n=}: a few hundred milliseconds of one core,
     * long enough for head-of-line blocking to show, short enough to call again and again under load.
     */
    public static final int DEFAULT_N = 1_000_000;
    /**
     * The largest {@code n} {@code GET /work} accepts: some seconds of one core. The work grows faster
     * than {@code n}, so without a bound one request could hold a core for minutes.
     */
    public static final int MAX_N = 10_000_000;

    private Primes() {
    }

    /**
     * How many primes are smaller than {@code n}, found by trial division: deliberately slow (no sieve,
     * no cache).
     *
     * @param n the bound, 0 or more; {@code countBelow(10)} is 4 (2, 3, 5, 7)
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static int countBelow(int n) {
        // tag::workload[]
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, was " + n);
        }
        int count = 0;
        for (int i = 2; i < n; i++) {
            boolean prime = true;
            for (int d = 2; d <= i / d; d++) {
                if (i % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
        // end::workload[]
    }
}
