package dev.clusterlab.cluster;

/**
 * What a worker's servers have done, as it last reported to its primary (every
 * {@value #REPORT_INTERVAL_MS} ms while something changes).
 *
 * @param connections     connections its servers took (accepted, or passed by the primary)
 * @param open            of those, the ones still open
 * @param requests        requests its servers answered
 * @param headersTimeouts connections cut because a request's headers took longer than
 *                        {@code HttpLimits.headersTimeout}
 * @param requestTimeouts connections cut because a whole request took longer than
 *                        {@code HttpLimits.requestTimeout}
 * @param refused         connections closed at once because the server had
 *                        {@code HttpLimits.maxConnections} open (also counted in {@code connections})
 */
public record WorkerStats(long connections, long open, long requests, long headersTimeouts, long requestTimeouts,
                          long refused) {
    /** How often a worker reports, at most. */
    public static final long REPORT_INTERVAL_MS = 250;

    /** Before the first report. */
    public static final WorkerStats NONE = new WorkerStats(0, 0, 0, 0, 0, 0);
}
