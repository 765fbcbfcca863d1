package dev.clusterlab.task01;

/**
 * The CPU-heavy work behind {@code GET /work}: counting primes the slow way, by trial division, so
 * that one call keeps one core busy for a while (a few hundred milliseconds for {@link #DEFAULT_N}).
 *
 * <p>It is pure computation: no I/O, no locks, no allocation. Whatever thread runs it does nothing
 * else meanwhile; on an event loop that means every other connection waits. The JMH benchmark in
 * {@code load-tests} measures it on its own.
 */
public final class Workload {
    /** The {@code n} of {@code GET /work} without {@code ?n=}: a few hundred milliseconds of work. */
    public static final int DEFAULT_N = 1_000_000;
    /** The largest {@code n} {@code GET /work} accepts: some seconds of work. */
    public static final int MAX_N = 10_000_000;

    private Workload() {
    }

    /**
     * How many primes are smaller than {@code n}, found by trial division: deliberately slow.
     *
     * @param n the bound, 0 or more; {@code countPrimesBelow(10)} is 4 (2, 3, 5, 7)
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static int countPrimesBelow(int n) {
        throw new UnsupportedOperationException("TODO(task01): count the primes below n by trial division: for each i in 2..n-1 try the divisors d with d <= i / d (slow on purpose: no sieve, no cache); throw IllegalArgumentException if n < 0");
    }
}
