package dev.clusterlab.task09;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The primary's view of its workers' meters: the latest two snapshots of each worker (two, so the
 * dashboard can turn counters into rates) and the cluster totals merged from them.
 */
final class ClusterMetrics {
    /** A snapshot and when the primary received it ({@link System#nanoTime()}). */
    record Reading(MetricsSnapshot snapshot, long atNanos) {
    }

    /** One worker's latest reading, the one before it (or null), and how often its slot was refilled. */
    record WorkerReadings(Reading latest, Reading previous, int restarts) {
    }

    /** The cluster as a whole: every worker's requests and latencies added up. */
    record Totals(int workers, long requests, MetricsSnapshot.Histogram latency, double heapUsedBytes) {
    }

    private final Map<Integer, WorkerReadings> readings = new ConcurrentHashMap<>();

    /** Keeps {@code snapshot} as its worker's latest; {@code restarts} is its slot's restart count. */
    void update(MetricsSnapshot snapshot, int restarts) {
        Reading now = new Reading(snapshot, System.nanoTime());
        readings.compute(snapshot.workerId(),
                (id, before) -> new WorkerReadings(now, before == null ? null : before.latest(), restarts));
    }

    /** Forgets a worker that exited; its requests leave the totals, which Prometheus sees as a counter reset. */
    void remove(int workerId) {
        readings.remove(workerId);
    }

    /** Whether this worker has reported at least once. */
    boolean hasReported(int workerId) {
        return readings.containsKey(workerId);
    }

    /** Every reporting worker's readings, by worker id. */
    List<WorkerReadings> workers() {
        List<WorkerReadings> all = new ArrayList<>(readings.values());
        all.sort(Comparator.comparingInt(r -> r.latest().snapshot().workerId()));
        return all;
    }

    /** The latest snapshot of every reporting worker, by worker id. */
    List<MetricsSnapshot> latest() {
        return workers().stream().map(r -> r.latest().snapshot()).toList();
    }

    /** The cluster totals of these snapshots. */
    static Totals totals(List<MetricsSnapshot> snapshots) {
        throw new UnsupportedOperationException("TODO(task09): add up the workers: sum their requests and heap, and merge their latency histograms bucket by bucket (same bounds in every worker: add counts, count and sumSeconds)");
    }
}
