package dev.clusterlab.task10;

import java.time.Duration;

/**
 * An adaptive limit, additive increase and multiplicative decrease, after Netflix
 * concurrency-limits' {@code AIMDLimit}: while requests finish within {@code tolerance} and the limit
 * is in use (at least half of it in flight), it grows by one; a shed or slow request cuts it by
 * {@code backoff}. It finds the concurrency at which latency starts to grow, without being told.
 */
// tag::aimd[]
final class AimdLimit implements ConcurrencyLimit {
    private final int min;
    private final int max;
    private final double backoff;
    private final long toleranceNanos;
    private double limit;

    AimdLimit(int initial, int min, int max, double backoff, Duration tolerance) {
        this.min = min;
        this.max = max;
        this.backoff = backoff;
        this.toleranceNanos = tolerance.toNanos();
        this.limit = initial;
    }

    @Override
    public synchronized int current() {
        return (int) limit;
    }

    @Override
    public synchronized void onSample(long rttNanos, int inFlight, boolean dropped) {
        if (dropped || rttNanos > toleranceNanos) {
            limit = Math.max(min, limit * backoff);
        } else if (inFlight * 2 >= limit) {
            limit = Math.min(max, limit + 1);
        }
    }
    // end::aimd[]

    @Override
    public String toString() {
        return "aimd(" + current() + " in " + min + ".." + max + ")";
    }
}
