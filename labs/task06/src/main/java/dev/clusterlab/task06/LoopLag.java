package dev.clusterlab.task06;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Event-loop lag, as Node's {@code perf_hooks.monitorEventLoopDelay} measures it: every {@value
 * #INTERVAL_MS} ms a task is scheduled on each event loop, and the time it starts late is recorded.
 * A loop that runs a 300 ms handler starts the task up to 300 ms late; a free one, within a
 * millisecond or so.
 */
final class LoopLag {
    static final long INTERVAL_MS = 20;
    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Lag percentiles in milliseconds over some period. */
    record Snapshot(long samples, double p50Ms, double p99Ms, double maxMs) {
        static Snapshot of(Histogram h) {
            return new Snapshot(h.getTotalCount(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                    h.getMaxValue() / 1e6);
        }
    }

    private final Recorder sinceReset = new Recorder(MAX_NANOS, 3);
    private final Recorder sinceLastReport = new Recorder(MAX_NANOS, 3);
    private final Histogram total = new Histogram(MAX_NANOS, 3);
    private final Histogram intervalScratch = new Histogram(MAX_NANOS, 3);

    // tag::probe[]
    /** Starts probing {@code loops}; each probe reschedules itself, so one never piles up behind another. */
    void start(List<ScheduledExecutorService> loops) {
        // TODO(task06): probe each event loop every INTERVAL_MS and record how late the probe runs
    }

    private void probe(ScheduledExecutorService loop, long dueNanos) {
        loop.schedule(() -> {
            long now = System.nanoTime();
            record(Math.max(0, now - dueNanos));
            probe(loop, now + TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS));
        }, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }
    // end::probe[]

    void record(long lagNanos) {
        long value = Math.min(lagNanos, MAX_NANOS);
        sinceReset.recordValue(value);
        sinceLastReport.recordValue(value);
    }

    /** The lag since the last {@link #reset()} (or the start). */
    synchronized Snapshot sinceReset() {
        sinceReset.getIntervalHistogramInto(intervalScratch);
        total.add(intervalScratch);
        return Snapshot.of(total);
    }

    /** Forgets what {@link #sinceReset()} has seen. */
    synchronized void reset() {
        sinceReset.getIntervalHistogramInto(intervalScratch);
        total.reset();
    }

    /** The lag since the previous call: what the monitor shows each second. */
    Snapshot sinceLastReport() {
        return Snapshot.of(sinceLastReport.getIntervalHistogram());
    }

}
