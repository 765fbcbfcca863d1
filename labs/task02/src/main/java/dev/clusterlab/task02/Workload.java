package dev.clusterlab.task02;

/**
 * The CPU-heavy work behind {@code GET /work}: counting primes by trial division, as in task 1 (task
 * modules never depend on each other, so each has its own copy). One call keeps one core busy for a
 * few hundred milliseconds at {@link #DEFAULT_N}; several workers can run several calls at once.
 */
public final class Workload {
    /** The {@code n} of {@code GET /work} without {@code ?n=}. */
    public static final int DEFAULT_N = 1_000_000;
    /** The largest {@code n} {@code GET /work} accepts. */
    public static final int MAX_N = 10_000_000;

    private Workload() {
    }

    /**
     * How many primes are smaller than {@code n}, found by trial division: deliberately slow.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static int countPrimesBelow(int n) {
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
    }
}
