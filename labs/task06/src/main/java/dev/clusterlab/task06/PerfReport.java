package dev.clusterlab.task06;

/**
 * What a worker tells its primary about itself each second, for the monitor: CPU (of this JVM, 0..1
 * of the machine), memory, GC pauses and event-loop lag in that second.
 */
record PerfReport(String type, long pid, double cpu, long rssBytes, long heapUsedBytes, long heapMaxBytes,
                  double gcPauseMs, double lagP99Ms, double lagMaxMs) {
    static final String TYPE = "perf";
}
