package dev.clusterlab.task10;

/**
 * How many requests a worker serves at once. {@link AdmissionControl} asks {@link #current()} before
 * it admits a request and reports each outcome with {@link #onSample}: a fixed limit ignores them, an
 * adaptive one (Netflix concurrency-limits' AIMD) moves with them.
 */
interface ConcurrencyLimit {
    /** The number of requests that may run at once now. */
    int current();

    /**
     * One finished or shed request.
     *
     * @param rttNanos how long it ran (0 for a shed request)
     * @param inFlight how many ran at once when it started
     * @param dropped  whether it was shed or took longer than the limit tolerates
     */
    void onSample(long rttNanos, int inFlight, boolean dropped);

    /** A limit that never moves. */
    static ConcurrencyLimit fixed(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the concurrency limit must be at least 1, was " + limit);
        }
        return new ConcurrencyLimit() {
            @Override
            public int current() {
                return limit;
            }

            @Override
            public void onSample(long rttNanos, int inFlight, boolean dropped) {
            }

            @Override
            public String toString() {
                return "fixed(" + limit + ")";
            }
        };
    }
}
