package dev.clusterlab.task10;

/**
 * One password-hashing job, as {@code POST /jobs} takes it and as the primary sends it to a worker.
 *
 * @param password   what to hash
 * @param salt       the salt
 * @param iterations the cost factor
 * @param poison     a job that kills whatever worker runs it (a native crash stands in): it shows
 *                   how the pool retries once and then fails clearly
 * @param sleepMs    extra milliseconds the job takes (0 normally): a stuck job, for the timeout
 */
record Job(String password, String salt, int iterations, boolean poison, int sleepMs) {
    Job {
        if (password == null || salt == null) {
            throw new IllegalArgumentException("a job needs a password and a salt, e.g. {\"password\":\"hunter2\",\"salt\":\"s1\"}");
        }
        if (iterations == 0) {
            iterations = PasswordHash.DEFAULT_ITERATIONS;
        }
        if (iterations < 1 || iterations > PasswordHash.MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between 1 and " + PasswordHash.MAX_ITERATIONS + ", was " + iterations);
        }
        if (sleepMs < 0 || sleepMs > 60_000) {
            throw new IllegalArgumentException("sleepMs must be between 0 and 60000, was " + sleepMs);
        }
    }

    /** Runs the job here, on the calling thread. */
    String run() throws InterruptedException {
        if (sleepMs > 0) {
            Thread.sleep(sleepMs);
        }
        return PasswordHash.hash(password, salt, iterations);
    }
}
