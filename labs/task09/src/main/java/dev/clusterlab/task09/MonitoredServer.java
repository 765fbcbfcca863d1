package dev.clusterlab.task09;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.Worker;
import dev.clusterlab.http.Execution;
import dev.clusterlab.http.Handler;
import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.Request;
import dev.clusterlab.http.Response;
import dev.clusterlab.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task 9: monitoring a cluster. Workers serve HTTP on {@code PORT} and keep Micrometer meters; every
 * {@code METRICS_INTERVAL_MS} each sends a {@link MetricsSnapshot} to the primary. The primary serves,
 * on {@code METRICS_PORT} (9464 by default):
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text, per worker and cluster totals;</li>
 *   <li>{@code GET /describe}: the dashboard table once ({@code DASHBOARD=1} redraws it every second
 *       on the primary's stdout);</li>
 *   <li>{@code POST /jfr?worker=<id>&seconds=<n>}: a flight recording of that worker; answers its path.</li>
 * </ul>
 * Workers answer {@code GET /}, {@code GET /slow?ms=} (sleeps, to show up in the latency histogram) and
 * {@code GET /log?lines=&size=} (logs that many lines of about that many bytes).
 *
 * <p>Every process logs JSON lines (logback with logstash-logback-encoder) that carry {@code worker},
 * {@code pid} and, while a request is handled, {@code request_id}. With {@code LOG_DIR} set the
 * primary collects its workers' lines into one rolled {@code LOG_DIR/cluster.log} and, with
 * {@code LOG_STORE_URL} set, ships them to that Elasticsearch-compatible store (see {@link LogSettings}).
 */
public final class MonitoredServer {
    private static final Logger LOG = LoggerFactory.getLogger(MonitoredServer.class);
    static final int DEFAULT_PORT = 8080;
    static final int DEFAULT_METRICS_PORT = 9464;
    static final int DEFAULT_INTERVAL_MS = 500;
    static final int MAX_JFR_SECONDS = 60;
    static final int MAX_LOG_LINES = 100_000;
    static final int MAX_LOG_LINE_BYTES = 100_000;

    private MonitoredServer() {
    }

    /** Runs the primary, or a worker when the primary started this JVM. */
    public static void main(String[] args) {
        if (Cluster.isPrimary()) {
            WorkerLogging.identify("primary", ProcessHandle.current().pid());
            runPrimary(envInt("WORKERS", Runtime.getRuntime().availableProcessors()),
                    envInt("METRICS_PORT", DEFAULT_METRICS_PORT), "1".equals(System.getenv("DASHBOARD")));
        } else {
            runWorker(envInt("PORT", DEFAULT_PORT), envInt("METRICS_INTERVAL_MS", DEFAULT_INTERVAL_MS));
        }
    }

    // --- primary ---

    static void runPrimary(int workers, int metricsPort, boolean dashboard) {
        ClusterMetrics metrics = new ClusterMetrics();
        JfrRequests jfr = new JfrRequests();
        Map<Integer, Integer> restarts = new ConcurrentHashMap<>();
        collectLogs(LogSettings.fromEnv());
        // tag::primary-messages[]
        Cluster.onMessage((worker, node) -> {
            switch (Json.fromTree(node, ClusterMessage.class)) {
                case MetricsSnapshot snapshot -> metrics.update(snapshot, restarts.getOrDefault(worker.id(), 0));
                case ClusterMessage.JfrRecorded answer -> jfr.answered(answer);
                case ClusterMessage.RecordJfr ignored -> LOG.warn("worker {} sent a primary's message", worker.id());
            }
        });
        // end::primary-messages[]
        Cluster.onExit((worker, status) -> {
            boolean healthy = metrics.hasReported(worker.id());
            metrics.remove(worker.id());
            int before = restarts.getOrDefault(worker.id(), 0);
            restarts.remove(worker.id());
            // A worker that never reported failed at startup: replacing it would only loop.
            if (!worker.exitedAfterDisconnect() && healthy) {
                Worker replacement = Cluster.fork();
                restarts.put(replacement.id(), before + 1);
                LOG.warn("worker {} exited with {}; forked worker {} in its place", worker.id(), status,
                        replacement.id());
            }
        });
        for (int i = 0; i < workers; i++) {
            Cluster.fork();
        }
        HttpApp.create().execution(Execution.VIRTUAL_THREADS)
                .get("/metrics", request -> Response.of(200, PrometheusText.CONTENT_TYPE,
                        render(metrics).getBytes(StandardCharsets.UTF_8)))
                .get("/describe", request -> Response.text(describe(metrics)))
                .post("/jfr", request -> recordJfr(request, jfr))
                .listen(metricsPort);
        LOG.info("primary {} forked {} workers; metrics on 127.0.0.1:{}/metrics", ProcessHandle.current().pid(),
                workers, metricsPort);
        if (dashboard) {
            ScheduledExecutorService screen = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                    .daemon().name("dashboard").factory());
            screen.scheduleAtFixedRate(() -> System.out.print(Dashboard.CLEAR + describe(metrics)), 1, 1,
                    TimeUnit.SECONDS);
        }
    }

    // tag::collect-logs[]
    /** With {@code LOG_DIR} set, the workers' lines go to the merged file (and the store), not to the console. */
    static void collectLogs(LogSettings settings) {
        if (settings == null) {
            return;
        }
        Cluster.setupPrimary(Cluster.settings().toBuilder().silent(true).build());
        LogCollector logs = LogCollector.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> logs.close(Duration.ofSeconds(5)), "log-flush"));
        LOG.info("workers' lines go to {}{}", settings.dir().resolve(MergedLog.FILE).toAbsolutePath(),
                settings.store() == null ? "" : " and " + settings.store() + settings.index());
    }
    // end::collect-logs[]

    static String render(ClusterMetrics metrics) {
        List<MetricsSnapshot> latest = metrics.latest();
        return PrometheusText.render(latest, ClusterMetrics.totals(latest));
    }

    static String describe(ClusterMetrics metrics) {
        return Dashboard.table(metrics.workers().stream().map(DashboardRow::of).toList(),
                ClusterMetrics.totals(metrics.latest()));
    }

    /** {@code POST /jfr?worker=&seconds=}: waits (on its own virtual thread) for the worker's recording. */
    static Response recordJfr(Request request, JfrRequests jfr) throws InterruptedException {
        int seconds = request.queryInt("seconds", 5);
        if (seconds < 1 || seconds > MAX_JFR_SECONDS) {
            return Response.error(400, "seconds must be between 1 and " + MAX_JFR_SECONDS + ", was " + seconds);
        }
        Worker worker = Cluster.workers().get(request.queryInt("worker", -1));
        if (worker == null) {
            return Response.error(404, "no worker " + request.query("worker").orElse("(worker= is missing)")
                    + "; workers: " + Cluster.workers().keySet());
        }
        try {
            return Response.text(jfr.request(worker, seconds).get() + "\n");
        } catch (ExecutionException e) {
            return Response.error(500, "worker " + worker.id() + " did not record: " + e.getCause());
        }
    }

    // --- worker ---

    static void runWorker(int port, int intervalMs) {
        int id = Cluster.worker().id();
        WorkerLogging.identify(Integer.toString(id), ProcessHandle.current().pid());
        WorkerMetrics metrics = new WorkerMetrics(id);
        UnaryOperator<Handler> observed = handler -> RequestLogging.wrap(metrics.timed(handler));
        HttpApp.create().execution(Execution.VIRTUAL_THREADS)
                .get("/", observed.apply(request -> Response.text("hello from worker " + id + "\n")))
                .get("/slow", observed.apply(MonitoredServer::slow))
                .get("/log", observed.apply(MonitoredServer::log))
                .listen(port);
        // tag::worker-report[]
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon().name("metrics-report").factory());
        reporter.scheduleAtFixedRate(() -> {
            try {
                Cluster.worker().send(metrics.snapshot());
            } catch (RuntimeException e) {
                // An exception would cancel the schedule without a word: say it, and try again next time.
                LOG.error("worker {} could not report its metrics", id, e);
            }
        }, 0, intervalMs, TimeUnit.MILLISECONDS);
        // end::worker-report[]
        // tag::worker-jfr[]
        Cluster.worker().onMessage(node -> {
            if (Json.fromTree(node, ClusterMessage.class) instanceof ClusterMessage.RecordJfr ask) {
                Thread.ofVirtual().name("jfr-" + ask.seq()).start(() -> Cluster.worker().send(recordJfr(id, ask)));
            }
        });
        // end::worker-jfr[]
        LOG.info("worker {} (pid {}) listening on 127.0.0.1:{}", id, ProcessHandle.current().pid(), port);
    }

    static ClusterMessage.JfrRecorded recordJfr(int id, ClusterMessage.RecordJfr ask) {
        try {
            Path file = FlightRecorder.record(id, Duration.ofSeconds(ask.seconds()));
            LOG.info("worker {} recorded {} s of JFR: {}", id, ask.seconds(), file);
            return new ClusterMessage.JfrRecorded(ask.seq(), file.toString(), null);
        } catch (Exception e) {
            LOG.warn("worker {} could not record JFR", id, e);
            return new ClusterMessage.JfrRecorded(ask.seq(), null, e.toString());
        }
    }

    /** {@code GET /slow?ms=}: answers after {@code ms} milliseconds (on its own virtual thread). */
    static Response slow(Request request) throws InterruptedException {
        int ms = request.queryInt("ms", 200);
        if (ms < 0 || ms > 10_000) {
            return Response.error(400, "ms must be between 0 and 10000, was " + ms);
        }
        Thread.sleep(ms);
        return Response.text("slept " + ms + " ms on worker " + Cluster.worker().id() + "\n");
    }

    // tag::log-endpoint[]
    /** {@code GET /log?lines=&size=}: logs {@code lines} lines, each padded to about {@code size} bytes. */
    static Response log(Request request) {
        int lines = request.queryInt("lines", 10);
        int size = request.queryInt("size", 100);
        if (lines < 1 || lines > MAX_LOG_LINES || size < 0 || size > MAX_LOG_LINE_BYTES) {
            return Response.error(400, "lines must be between 1 and " + MAX_LOG_LINES + " and size between 0 and "
                    + MAX_LOG_LINE_BYTES + ", were " + lines + " and " + size);
        }
        String padding = "x".repeat(size);
        for (int i = 1; i <= lines; i++) {
            LOG.info("log line {} of {} {}", i, lines, padding);
        }
        return Response.text("logged " + lines + " lines on worker " + Cluster.worker().id() + " (pid "
                + ProcessHandle.current().pid() + ")\n");
    }
    // end::log-endpoint[]

    static int envInt(String name, int fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
        }
    }
}
