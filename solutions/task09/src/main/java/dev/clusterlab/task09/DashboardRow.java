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
        // BEGIN SOLUTION compute the row: req/s = (requests now - requests in the previous reading) / seconds between the two readings (0 without a previous one), p99 from the latency histogram (p99Millis), CPU as percent and heap in MB
        // tag::row[]
        double rate = 0;
        ClusterMetrics.Reading before = readings.previous();
        if (before != null) {
            double seconds = (readings.latest().atNanos() - before.atNanos()) / 1e9;
            long delta = now.requests() - before.snapshot().requests();
            rate = seconds > 0 && delta >= 0 ? delta / seconds : 0;
        }
        return new DashboardRow(now.workerId(), now.pid(), now.uptimeSeconds(), readings.restarts(),
                now.cpuUsage() * 100, now.heapUsedBytes() / (1024 * 1024), rate, p99Millis(now.latency()));
        // end::row[]
        // END SOLUTION
    }

    /** The upper bound, in ms, of the bucket that holds the 99th percentile of {@code latency}. */
    static double p99Millis(MetricsSnapshot.Histogram latency) {
        // BEGIN SOLUTION find the first bucket whose cumulative count reaches ceil(0.99 * count); its bound in ms (NaN when count is 0, +Infinity when only the +Inf bucket reaches it)
        // tag::p99[]
        if (latency.count() == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(0.99 * latency.count());
        for (int i = 0; i < latency.bounds().size(); i++) {
            if (latency.counts().get(i) >= rank) {
                return latency.bounds().get(i) * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
        // end::p99[]
        // END SOLUTION
    }
}
