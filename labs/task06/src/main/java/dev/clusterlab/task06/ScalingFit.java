package dev.clusterlab.task06;

import java.util.List;

/**
 * Gunther's Universal Scalability Law fitted to measured throughput: {@code X(N) = λN / (1 + σ(N-1)
 * + κN(N-1))}, where σ is contention (the serial share, Amdahl's law when κ is 0) and κ coherency
 * (the cost of workers keeping each other in step, which makes throughput fall past a peak).
 *
 * @param lambda throughput of one worker
 * @param sigma  contention, 0..1
 * @param kappa  coherency, 0 or more
 */
record ScalingFit(double lambda, double sigma, double kappa) {
    /** Within this share of the best throughput, fewer workers are worth more than the last bit of speed. */
    static final double GOOD_ENOUGH = 0.9;

    /** A measurement: {@code workers} gave {@code throughput} (requests per second). */
    record Point(int workers, double throughput) {
    }

    // tag::fit[]
    /**
     * Fits σ and κ by least squares on the linear form of the law, {@code N·λ/X(N) - 1 = σ(N-1) +
     * κN(N-1)}, with λ the measured throughput of one worker; neither may be negative.
     *
     * @throws IllegalArgumentException without a point for 1 worker and one for more
     */
    static ScalingFit fit(List<Point> points) {
        throw new UnsupportedOperationException("TODO(task06): λ = X(1); for each N > 1: y = N·λ/X(N) - 1, a = N-1, b = N(N-1); solve the 2x2 normal equations for σ and κ, and refit with one of them at 0 if it comes out negative");
    }
    // end::fit[]

    /** The fitted throughput of {@code workers}. */
    double throughput(int workers) {
        return lambda * workers / (1 + sigma * (workers - 1) + kappa * workers * (workers - 1.0));
    }

    /** Where the fitted curve peaks (Gunther's {@code N* = sqrt((1-σ)/κ)}); infinite without coherency cost. */
    double peak() {
        return kappa == 0 ? Double.POSITIVE_INFINITY : Math.sqrt((1 - sigma) / kappa);
    }

    // tag::recommend[]
    /** The fewest workers, up to {@code max}, whose fitted throughput is within {@link #GOOD_ENOUGH} of the best. */
    int recommend(int max) {
        double best = 0;
        for (int n = 1; n <= max; n++) {
            best = Math.max(best, throughput(n));
        }
        for (int n = 1; n <= max; n++) {
            if (throughput(n) >= GOOD_ENOUGH * best) {
                return n;
            }
        }
        return max;
    }
    // end::recommend[]
}
