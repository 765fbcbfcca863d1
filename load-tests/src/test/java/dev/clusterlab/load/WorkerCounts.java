package dev.clusterlab.load;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections counted per worker pid during a run, and how fair their spread was: max/min and
 * Jain's index {@code (Σx)² / (n·Σx²)} over all {@code n} workers, those that got none included.
 * (Task 4's {@code Fairness} computes the same in the lab; the load tests depend on no solution.)
 */
public final class WorkerCounts {
    private final Map<Long, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts one connection answered by {@code pid}; safe from any thread. */
    public void count(long pid) {
        counts.computeIfAbsent(pid, p -> new LongAdder()).increment();
    }

    /** Forgets every count. */
    public void clear() {
        counts.clear();
    }

    /** The counts so far, by pid. */
    public Map<Long, Long> snapshot() {
        Map<Long, Long> copy = new TreeMap<>();
        counts.forEach((pid, n) -> copy.put(pid, n.sum()));
        return copy;
    }

    /**
     * A Markdown table of the counts over {@code workers} workers: a row per worker pid, then the
     * total, max/min and Jain's index.
     */
    public String markdown(int workers) {
        Map<Long, Long> snapshot = snapshot();
        long total = snapshot.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder table = new StringBuilder("| worker pid | connections | share |\n|---:|---:|---:|\n");
        snapshot.forEach((pid, n) -> table.append(String.format(Locale.ROOT, "| %d | %d | %.1f %% |%n", pid, n,
                total == 0 ? 0.0 : 100.0 * n / total)));
        for (int missing = snapshot.size(); missing < workers; missing++) {
            table.append("| (a worker that answered none) | 0 | 0.0 % |\n");
        }
        long max = snapshot.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long min = snapshot.size() < workers ? 0 : snapshot.values().stream().mapToLong(Long::longValue).min().orElse(0);
        double sumOfSquares = snapshot.values().stream().mapToDouble(n -> (double) n * n).sum();
        double jain = sumOfSquares == 0 ? Double.NaN : (double) total * total / (workers * sumOfSquares);
        table.append(String.format(Locale.ROOT, "%n%d connections over %d workers: max/min %s, Jain's index %.3f%n",
                total, workers, min == 0 ? "infinite" : String.format(Locale.ROOT, "%.2f", (double) max / min), jain));
        return table.toString();
    }
}
