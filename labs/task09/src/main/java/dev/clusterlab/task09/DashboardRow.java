package dev.clusterlab.task09;

/**
 * One worker's line of the dashboard, as {@code pm2 monit} shows a process.
 *
 * @param workerId the worker's id
 * @param pid its process id
 * @param uptimeSeconds how long its JVM has run
 * @param restarts how often its slot was refilled after a worker died
 * @param cpuPercent its recent CPU use, percent of the whole machine
 * @param heapMegabytes heap in use
 * @param requestsPerSecond requests answered per second between its last two snapshots
 * @param p99Millis the upper bound of the latency bucket holding the 99th percentile, since it started;
 *     {@code NaN} before any request, infinite above the highest bucket
 */
record DashboardRow(int workerId, long pid, double uptimeSeconds, int restarts, double cpuPercent,
        double heapMegabytes, double requestsPerSecond, double p99Millis) {

    /** The row of a worker's readings. */
    static DashboardRow of(ClusterMetrics.WorkerReadings readings) {
        MetricsSnapshot now = readings.latest().snapshot();
        throw new UnsupportedOperationException("TODO(task09): compute the row: req/s = (requests now - requests in the previous reading) / seconds between the two readings (0 without a previous one), p99 from the latency histogram (p99Millis), CPU as percent and heap in MB");
    }

    /** The upper bound, in ms, of the bucket that holds the 99th percentile of {@code latency}. */
    static double p99Millis(MetricsSnapshot.Histogram latency) {
        throw new UnsupportedOperationException("TODO(task09): find the first bucket whose cumulative count reaches ceil(0.99 * count); its bound in ms (NaN when count is 0, +Infinity when only the +Inf bucket reaches it)");
    }
}
