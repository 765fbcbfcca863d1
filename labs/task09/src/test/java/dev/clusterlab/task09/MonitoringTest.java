package dev.clusterlab.task09;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.KeepAliveConnection;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.Ports;
import dev.clusterlab.testkit.ProcessTree;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task 9: monitoring. Each check starts {@link MonitoredServer} with {@code WORKERS=2} and a
 * {@code METRICS_PORT} of its own, sends requests to the workers' port and reads what the primary
 * serves on the metrics port: {@code /metrics} (Prometheus text), {@code /describe} (the dashboard
 * table) and {@code POST /jfr}.
 */
@Graded
@Hint("Look at the TODOs in src/main: WorkerMetrics (the meters and the snapshot a worker sends), ClusterMetrics"
        + " (the primary's totals), PrometheusText (/metrics), DashboardRow (req/s, p99) and FlightRecorder/JfrRequests"
        + " (JFR on demand). Run it (./mvnw -pl labs/task09 compile exec:exec) and curl 127.0.0.1:9464/metrics.")
class MonitoringTest {

    private static final int WORKERS = 2;
    private static final int REQUESTS = 57;
    private static final Duration METRICS_SETTLE = Duration.ofSeconds(15);
    private static final String TOTAL = "clusterlab_cluster_http_requests_total";
    private static final String PER_WORKER = "clusterlab_http_requests_total";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");
    /** A worker's row of /describe: worker pid uptime restarts cpu heap req/s p99. */
    private static final Pattern ROW = Pattern.compile(
            "^(\\d+)\\s+(\\d+)\\s+(\\d+)s\\s+(\\d+)\\s+([\\d.]+)%\\s+([\\d.]+) MB\\s+([\\d.]+)\\s+(\\S+)(?: ms)?\\s*$");
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line of Prometheus text. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** One worker's row of /describe. */
    record Row(int worker, long pid, long uptimeSeconds, int restarts, double cpuPercent, double heapMb,
            double requestsPerSecond, String p99) {
    }

    @Test
    @Points(1)
    @Hint("After exactly 57 requests, GET /metrics on METRICS_PORT must show clusterlab_http_requests_total{worker=\"<id>\"}"
            + " for every worker, adding up to 57, and clusterlab_cluster_http_requests_total 57. Look at"
            + " WorkerMetrics (counter, snapshot), ClusterMetrics.totals and PrometheusText.render.")
    void metricsCountEveryRequestPerWorkerAndInTotal() {
        try (RunningCluster cluster = RunningCluster.start()) {
            cluster.sendRequests(REQUESTS);

            List<Sample> samples = cluster.awaitTotal(REQUESTS);
            Map<String, Double> perWorker = byWorker(samples, PER_WORKER);
            assertThat(perWorker).as("%s by worker", PER_WORKER).hasSize(WORKERS);
            assertThat(perWorker.values().stream().mapToDouble(Double::doubleValue).sum())
                    .as("the sum of %s over the workers %s", PER_WORKER, perWorker).isEqualTo(REQUESTS);
        }
    }

    @Test
    @Points(2)
    @Hint("A real Prometheus scrapes GET /metrics every second; the query clusterlab_cluster_http_requests_total must"
            + " answer the 57 requests sent. The text must be valid exposition format (# TYPE lines, name{labels}"
            + " value): open target/testkit-logs for Prometheus' own complaints.")
    void prometheusScrapesTheClusterTotal(@TempDir Path dir) throws IOException {
        Path prometheus = prometheusBinary();
        try (RunningCluster cluster = RunningCluster.start()) {
            cluster.sendRequests(REQUESTS);
            cluster.awaitTotal(REQUESTS);

            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: clusterlab
                        static_configs:
                          - targets: ["127.0.0.1:%d"]
                    """.formatted(cluster.metricsPort()));
            int port = Ports.freePort();
            try (LaunchedApp server = AppLauncher.forCommand(List.of(prometheus.toString(),
                            "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)).port(port).name("prometheus").start()) {
                String query = "/api/v1/query?query=" + URLEncoder.encode(TOTAL, StandardCharsets.UTF_8);
                AtomicReference<String> last = new AtomicReference<>("nothing yet");
                await("Prometheus answering " + TOTAL + " = " + REQUESTS).atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> {
                            HttpResult answer = Http.get(server.port(), query);
                            last.set(answer.body());
                            JsonNode result = JSON.readTree(answer.body()).path("data").path("result");
                            return result.size() == 1 && result.get(0).path("value").get(1).asDouble() == REQUESTS;
                        });
                System.out.println("Prometheus answered: " + last.get());
            }
        }
    }

    @Test
    @Points(1)
    @Hint("Five GET /slow?ms=200 must land in the latency histogram's buckets above 0.1 s (the cluster's"
            + " clusterlab_cluster_http_request_duration_seconds_bucket), and that worker's p99 in /describe must be"
            + " at least 200 ms. Look at the Timer's buckets (WorkerMetrics), the merge and DashboardRow.p99Millis.")
    void slowRequestsShowInTheHistogramAndP99() throws IOException {
        try (RunningCluster cluster = RunningCluster.start()) {
            int slowWorker;
            try (KeepAliveConnection connection = new KeepAliveConnection(cluster.app.port(), Duration.ofSeconds(10))) {
                String body = "";
                for (int i = 0; i < 5; i++) {
                    KeepAliveConnection.Answer answer = connection.get("/slow?ms=200");
                    assertThat(answer.status()).as("the status of GET /slow?ms=200").isEqualTo(200);
                    body = answer.body();
                }
                Matcher m = Pattern.compile("worker (\\d+)").matcher(body);
                assertThat(m.find()).as("GET /slow answered '%s'", body.strip()).isTrue();
                slowWorker = Integer.parseInt(m.group(1));
            }
            cluster.sendRequests(10);

            List<Sample> samples = cluster.awaitTotal(15);
            double all = value(samples, "clusterlab_cluster_http_request_duration_seconds_bucket", "le", "+Inf");
            double fast = value(samples, "clusterlab_cluster_http_request_duration_seconds_bucket", "le", "0.1");
            assertThat(all).as("the cluster histogram's +Inf bucket after 15 requests").isEqualTo(15);
            assertThat(all - fast).as("requests slower than 0.1 s in the cluster histogram (5 took 200 ms)")
                    .isGreaterThanOrEqualTo(5);
            assertThat(value(samples, "clusterlab_cluster_http_request_duration_seconds_sum", null, null))
                    .as("the cluster histogram's _sum in seconds").isGreaterThanOrEqualTo(1.0);

            Row row = cluster.rows().stream().filter(r -> r.worker() == slowWorker).findFirst().orElseThrow(
                    () -> new AssertionError("/describe has no row for worker " + slowWorker));
            assertThat(row.p99()).as("worker %d's p99 in /describe", slowWorker).matches("\\d+(\\.\\d+)?|inf");
            assertThat(row.p99().equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(row.p99()))
                    .as("worker %d's p99 in ms after 5 requests of 200 ms", slowWorker).isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    @Points(1)
    @Hint("GET /describe on METRICS_PORT must list one row per worker: worker pid uptime restarts cpu heap req/s p99,"
            + " with the worker's real pid, its uptime in seconds and its heap in MB. Look at DashboardRow.of.")
    void describeListsEveryWorkerWithItsPid() {
        try (RunningCluster cluster = RunningCluster.start()) {
            cluster.sendRequests(4);
            Set<Long> pids = ProcessTree.pids(cluster.app.javaChildren());
            AtomicReference<List<Row>> rows = new AtomicReference<>(List.of());
            await("/describe listing the workers " + pids).atMost(METRICS_SETTLE).ignoreExceptions()
                    .until(() -> {
                        rows.set(cluster.rows());
                        return rows.get().stream().map(Row::pid).collect(Collectors.toSet()).equals(pids);
                    });
            assertThat(rows.get()).as("the rows of /describe").hasSize(WORKERS).allSatisfy(row -> {
                assertThat(row.uptimeSeconds()).as("uptime of %s", row).isBetween(0L, 600L);
                assertThat(row.heapMb()).as("heap MB of %s", row).isGreaterThan(0.5).isLessThan(4096);
                assertThat(row.restarts()).as("restarts of %s", row).isZero();
                assertThat(row.cpuPercent()).as("cpu %% of %s", row).isBetween(0.0, 100.0);
            });
            assertThat(new TreeSet<>(rows.get().stream().map(Row::worker).toList())).as("worker ids").hasSize(WORKERS);
        }
    }

    @Test
    @Points(1)
    @Hint("POST /jfr?worker=<id>&seconds=2 on METRICS_PORT must answer the path of a .jfr file the worker recorded"
            + " (jdk.jfr.Recording with the 'profile' settings, dumped under java.io.tmpdir). Look at FlightRecorder"
            + " (worker) and JfrRequests (primary).")
    void flightRecordingOnDemand() throws IOException {
        try (RunningCluster cluster = RunningCluster.start()) {
            cluster.sendRequests(4);
            int worker = cluster.rows().getFirst().worker();
            HttpResult answer = Http.send(java.net.http.HttpRequest.newBuilder(
                            Http.uri(cluster.metricsPort(), "/jfr?worker=" + worker + "&seconds=2"))
                    .timeout(Duration.ofSeconds(30)).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            assertThat(answer.status()).as("the status of POST /jfr (body: %s)", answer.body().strip()).isEqualTo(200);
            Path file = Path.of(answer.body().strip());
            try {
                assertThat(file).as("the recording POST /jfr answered").isRegularFile().hasExtension("jfr");
                List<RecordedEvent> events = RecordingFile.readAllEvents(file);
                Set<String> types = events.stream().map(e -> e.getEventType().getName()).collect(Collectors.toSet());
                assertThat(types).as("the event types in %s", file).containsAnyOf("jdk.CPULoad", "jdk.ExecutionSample");
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    // --- helpers ---

    /** The app with its metrics port; closing it kills its process tree. */
    private record RunningCluster(LaunchedApp app, int metricsPort) implements AutoCloseable {

        static RunningCluster start() {
            int metricsPort = Ports.freePort();
            LaunchedApp app = Startup.listening(AppLauncher.forMainClass(MonitoredServer.class).workers(WORKERS)
                    .env("METRICS_PORT", Integer.toString(metricsPort)).env("METRICS_INTERVAL_MS", "250"));
            RunningCluster cluster = new RunningCluster(app, metricsPort);
            try {
                // Every worker reports before the check sends anything.
                await("GET /metrics showing clusterlab_cluster_workers " + WORKERS).atMost(Startup.TIMEOUT).ignoreExceptions()
                        .until(() -> value(cluster.metrics(), "clusterlab_cluster_workers", null, null) == WORKERS);
            } catch (RuntimeException | Error e) {
                app.close();
                throw new AssertionError("GET /metrics on METRICS_PORT did not show clusterlab_cluster_workers "
                        + WORKERS + ": " + e.getMessage() + "\nLast answer:\n" + cluster.lastMetrics(), e);
            }
            return cluster;
        }

        /** Sends {@code count} GET / on new connections (so round robin spreads them), each answered 200. */
        void sendRequests(int count) {
            for (int i = 0; i < count; i++) {
                HttpResult answer = Http.getOnNewConnection(app.port(), "/");
                assertThat(answer.status()).as("the status of GET / (body: %s)", answer.body().strip()).isEqualTo(200);
            }
        }

        /** Waits until the cluster total is {@code expected}; returns the samples that said so. */
        List<Sample> awaitTotal(int expected) {
            AtomicReference<List<Sample>> samples = new AtomicReference<>(List.of());
            try {
                await(TOTAL + " = " + expected).atMost(METRICS_SETTLE).ignoreExceptions().until(() -> {
                    samples.set(metrics());
                    return value(samples.get(), TOTAL, null, null) == expected;
                });
            } catch (RuntimeException | Error e) {
                throw new AssertionError("GET /metrics did not show " + TOTAL + " " + expected + " within "
                        + METRICS_SETTLE.toSeconds() + " s of sending " + expected + " requests. Last answer:\n"
                        + lastMetrics(), e);
            }
            return samples.get();
        }

        List<Sample> metrics() {
            HttpResult answer = Http.get(metricsPort, "/metrics");
            assertThat(answer.status()).as("the status of GET /metrics (body: %s)", answer.body()).isEqualTo(200);
            return parse(answer.body());
        }

        String lastMetrics() {
            try {
                return Http.get(metricsPort, "/metrics").body().lines().limit(60).collect(Collectors.joining("\n"));
            } catch (RuntimeException e) {
                return "(GET /metrics failed: " + e.getMessage() + ")";
            }
        }

        /** The worker rows of GET /describe. */
        List<Row> rows() {
            HttpResult answer = Http.get(metricsPort, "/describe");
            assertThat(answer.status()).as("the status of GET /describe (body: %s)", answer.body()).isEqualTo(200);
            List<Row> rows = new ArrayList<>();
            answer.body().lines().map(String::strip).map(ROW::matcher).filter(Matcher::matches).forEach(m -> rows.add(
                    new Row(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                            Integer.parseInt(m.group(4)), Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6)),
                            Double.parseDouble(m.group(7)), m.group(8))));
            assertThat(rows).as("the worker rows of GET /describe (worker pid uptime restarts cpu heap req/s p99):\n%s",
                    answer.body()).isNotEmpty();
            return rows;
        }

        @Override
        public void close() {
            app.close();
        }
    }

    private static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.strip());
            assertThat(m.matches()).as("a line of GET /metrics: '%s' (name{label=\"value\",...} number)", line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return samples;
    }

    /** The value of the one sample named {@code name} without a worker label (with {@code label=value} if given). */
    private static double value(List<Sample> samples, String name, String label, String labelValue) {
        List<Sample> matching = samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> !s.labels().containsKey("worker"))
                .filter(s -> label == null || labelValue.equals(s.labels().get(label))).toList();
        assertThat(matching).as("samples of %s%s without a worker label", name,
                label == null ? "" : "{" + label + "=\"" + labelValue + "\"}").hasSize(1);
        return matching.getFirst().value();
    }

    private static Map<String, Double> byWorker(List<Sample> samples, String name) {
        Map<String, Double> values = new LinkedHashMap<>();
        samples.stream().filter(s -> s.name().equals(name) && s.labels().containsKey("worker"))
                .forEach(s -> values.merge(s.labels().get("worker"), s.value(), Double::sum));
        return values;
    }

    private static Path prometheusBinary() {
        Path found = Files.isExecutable(PROMETHEUS) ? PROMETHEUS : Stream.of(System.getenv()
                        .getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "prometheus")).filter(Files::isExecutable)
                .findFirst().orElse(null);
        Assumptions.assumeTrue(found != null, "prometheus is not installed (sudo apt-get install -y prometheus);"
                + " it runs in CI");
        return found;
    }
}
