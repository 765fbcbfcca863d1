package dev.clusterlab.task09;

import dev.clusterlab.http.Handler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One worker's Micrometer meters: requests, a latency histogram, JVM memory, GC, threads, CPU and
 * uptime. The primary serves them, so the worker exposes nothing itself; it turns its meters into a
 * {@link MetricsSnapshot} for the primary.
 */
final class WorkerMetrics {
    /**
     * The latency histogram's bucket bounds, the same in every worker: only histograms with the same
     * buckets add up across workers (percentiles computed in each worker would not).
     */
    static final List<Duration> LATENCY_BUCKETS = List.of(Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5));

    // A Prometheus registry keeps its histograms cumulative (others decay them over a time window).
    private final MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter requests;
    private final Timer latency;
    private final int workerId;

    WorkerMetrics(int workerId) {
        this.workerId = workerId;
        // BEGIN SOLUTION register the meters: a Counter http.requests, a Timer http.request.duration with serviceLevelObjectives(LATENCY_BUCKETS), and bind JvmMemoryMetrics, JvmGcMetrics, JvmThreadMetrics, ProcessorMetrics, UptimeMetrics to the registry
        // tag::meters[]
        requests = Counter.builder("http.requests").description("HTTP requests answered").register(registry);
        latency = Timer.builder("http.request.duration").description("HTTP request latency")
                .serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new))
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // end::meters[]
        // END SOLUTION
    }

    // tag::timed[]
    /** {@code handler}, counted and timed. */
    Handler timed(Handler handler) {
        return request -> {
            long start = System.nanoTime();
            try {
                return handler.handle(request);
            } finally {
                latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                requests.increment();
            }
        };
    }
    // end::timed[]

    /** What the meters say now, for the primary. */
    MetricsSnapshot snapshot() {
        // BEGIN SOLUTION read the meters into a MetricsSnapshot: requests and the latency histogram (latency.takeSnapshot().histogramCounts(), bounds in seconds), jvm.memory.used with area=heap (summed), jvm.gc.pause (count, total seconds), jvm.threads.live, process.cpu.usage and process.uptime
        // tag::snapshot[]
        HistogramSnapshot histogram = latency.takeSnapshot();
        List<Double> bounds = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (CountAtBucket bucket : histogram.histogramCounts()) {
            bounds.add(bucket.bucket(TimeUnit.SECONDS));
            counts.add((long) bucket.count());
        }
        double heap = registry.find("jvm.memory.used").tag("area", "heap").gauges().stream()
                .mapToDouble(Gauge::value).sum();
        List<Timer> gc = List.copyOf(registry.find("jvm.gc.pause").timers());
        return new MetricsSnapshot(workerId, ProcessHandle.current().pid(),
                gauge("process.uptime"), (long) requests.count(),
                new MetricsSnapshot.Histogram(bounds, counts, histogram.count(), histogram.total(TimeUnit.SECONDS)),
                heap, gc.stream().mapToLong(Timer::count).sum(),
                gc.stream().mapToDouble(t -> t.totalTime(TimeUnit.SECONDS)).sum(),
                gauge("jvm.threads.live"), gauge("process.cpu.usage"));
        // end::snapshot[]
        // END SOLUTION
    }

    /** A gauge's value; 0 while it is unknown (JSON has no NaN, and a new JVM reports no CPU yet). */
    private double gauge(String name) {
        Gauge gauge = registry.find(name).gauge();
        double value = gauge == null ? Double.NaN : gauge.value();
        return Double.isFinite(value) && value >= 0 ? value : 0;
    }
}
