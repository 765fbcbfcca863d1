package dev.clusterlab.task09;

import java.util.List;

/**
 * What one worker measured, sent to the primary every {@code METRICS_INTERVAL_MS}. Counters and the
 * latency histogram are cumulative since the worker started (as Prometheus wants them), so the
 * primary can add them across workers and a lost snapshot loses nothing.
 *
 * @param workerId the worker's id in the cluster
 * @param pid the worker's process id
 * @param uptimeSeconds how long the worker's JVM has run
 * @param requests HTTP requests answered
 * @param latency the request latency histogram
 * @param heapUsedBytes heap in use, all heap pools together
 * @param gcPauses garbage collection pauses so far
 * @param gcPauseSeconds their total time
 * @param liveThreads live threads
 * @param cpuUsage this process's recent CPU use, 0..1 of the whole machine
 */
public record MetricsSnapshot(int workerId, long pid, double uptimeSeconds, long requests, Histogram latency,
        double heapUsedBytes, long gcPauses, double gcPauseSeconds, double liveThreads, double cpuUsage)
        implements ClusterMessage {

    /**
     * A cumulative histogram: {@code counts[i]} observations were at most {@code bounds[i]} seconds;
     * {@code count} is all of them (the {@code +Inf} bucket).
     */
    public record Histogram(List<Double> bounds, List<Long> counts, long count, double sumSeconds) {

        /** A histogram with these bounds and nothing in it. */
        static Histogram empty(List<Double> bounds) {
            return new Histogram(bounds, bounds.stream().map(b -> 0L).toList(), 0, 0);
        }
    }
}
