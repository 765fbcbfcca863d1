package dev.clusterlab.task09;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.OpenSearch;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.Ports;
import dev.clusterlab.testkit.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task 9: centralized logging. Each check starts {@link MonitoredServer} with {@code WORKERS=2},
 * {@code LOG_DIR} in a temporary folder (and, for the store, {@code LOG_STORE_URL}), asks the
 * workers to log with {@code GET /log?lines=&size=} and a request id of its own, and reads the
 * merged files and a real OpenSearch. Every request leaves its lines plus one access line.
 */
@Graded
@Hint("Look at the TODOs in src/main: LogLine.normalize (one JSON object per line), MergedLog.open (the rolled"
        + " file), LogCollector.collect (every worker's lines) and LogShipper (the _bulk body and what to retry)."
        + " Run it with LOG_DIR=logs (./mvnw -pl labs/task09 compile exec:exec) and look at logs/cluster.log.")
class LoggingTest {

    private static final int WORKERS = 2;
    private static final String INDEX = "clusterlab-logs";
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration STORE_SETTLE = Duration.ofSeconds(60);
    private static final Pattern ANSWER = Pattern.compile("logged (\\d+) lines on worker (\\d+) \\(pid (\\d+)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a worker answered to GET /log. */
    record Logged(String requestId, int lines, int worker, long pid) {
    }

    @Test
    @Points(1)
    @Hint("Each line of LOG_DIR/cluster.log must be one JSON object; the lines a worker logged while handling a"
            + " request must carry \"worker\" (its id, as a string), \"pid\" and \"request_id\" (the X-Request-Id"
            + " sent). Look at LogCollector.collect and LogLine.normalize, and at what the workers write (logback.xml).")
    void everyLineIsOneJsonObjectWithWorkerPidAndRequestId(@TempDir Path logs) {
        try (LaunchedApp app = start(logs, Map.of())) {
            List<Logged> logged = logOnEveryWorker(app, "json", 3, 50);
            Set<Long> pids = ProcessTree.pids(app.javaChildren());

            Map<String, List<JsonNode>> lines = awaitLines(logs, logged);
            for (Logged request : logged) {
                assertThat(pids).as("the worker pids (the pid worker %d answered)", request.worker())
                        .contains(request.pid());
                assertThat(lines.get(request.requestId())).as("the lines of request %s in cluster.log", request.requestId())
                        .hasSize(request.lines() + 1)
                        .allSatisfy(line -> {
                            assertThat(line.path("worker").asText()).as("\"worker\" of %s", line)
                                    .isEqualTo(Integer.toString(request.worker()));
                            assertThat(line.path("pid").asText()).as("\"pid\" of %s", line)
                                    .isEqualTo(Long.toString(request.pid()));
                        });
                assertThat(lines.get(request.requestId()).stream().map(l -> l.path("message").asText()))
                        .as("the messages of request %s", request.requestId())
                        .anyMatch(m -> m.startsWith("log line 1 of 3")).anyMatch(m -> m.startsWith("log line 3 of 3"));
            }
        }
    }

    @Test
    @Points(1)
    @Hint("Four clients make both workers log 1,200 lines of 5 KB (more than a pipe writes at once) at the same"
            + " time: every line must reach the merged files whole and once, and cluster.log must roll at"
            + " LOG_MAX_FILE_SIZE=256KB into cluster.<date>.<n>.log. Look at MergedLog.open (RollingFileAppender,"
            + " SizeAndTimeBasedRollingPolicy) and LogCollector.collect.")
    void linesStayWholeUnderLoadAndTheFileRolls(@TempDir Path logs) throws Exception {
        try (LaunchedApp app = start(logs, Map.of("LOG_MAX_FILE_SIZE", "256KB"))) {
            List<Logged> logged = new ArrayList<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
                List<Future<Logged>> answers = new ArrayList<>();
                for (int client = 0; client < 4; client++) {
                    for (int request = 0; request < 6; request++) {
                        String id = "load-" + client + "-" + request;
                        answers.add(clients.submit(() -> log(app.port(), id, 50, 5000)));
                    }
                }
                for (Future<Logged> answer : answers) {
                    logged.add(answer.get());
                }
            }

            Map<String, List<JsonNode>> lines = awaitLines(logs, logged);
            for (Logged request : logged) {
                List<String> messages = lines.get(request.requestId()).stream().map(l -> l.path("message").asText())
                        .filter(m -> m.startsWith("log line ")).map(m -> m.substring(0, m.indexOf(" of ")))
                        .toList();
                assertThat(messages).as("the log lines of request %s, each once", request.requestId())
                        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 50)
                                .mapToObj(i -> "log line " + i).toList());
            }
            List<Path> files = logFiles(logs);
            assertThat(files).as("the files in LOG_DIR after ~6 MB of lines with LOG_MAX_FILE_SIZE=256KB")
                    .hasSizeGreaterThan(3).anyMatch(f -> f.getFileName().toString().equals(MergedLog.FILE));
            for (Path file : files) {
                // logback checks the size before it writes a line, and each worker stream's reader thread may be
                // between that check and its write: up to four lines of 5 KB past the limit.
                assertThat(Files.size(file)).as("the size of %s (256 KB, and at most 4 lines more)", file.getFileName())
                        .isLessThan(256 * 1024 + 4 * 6 * 1024);
            }
        }
    }

    @Test
    @Points(1)
    @Hint("With LOG_STORE_URL set, every line must reach the store's index clusterlab-logs exactly once (POST"
            + " <store>/clusterlab-logs/_bulk), with worker and request_id fields, even though the store starts"
            + " after the cluster: keep the lines and retry. Look at LogShipper.bulkBody and LogShipper.retryable.")
    void theStoreHoldsEveryLineOfEveryWorkerOnce(@TempDir Path logs, @TempDir Path storeData) {
        int storePort = Ports.freePort();
        try (LaunchedApp app = start(logs, Map.of("LOG_STORE_URL", "http://127.0.0.1:" + storePort))) {
            List<Logged> logged = logOnEveryWorker(app, "store", 200, 200);
            Map<String, List<JsonNode>> lines = awaitLines(logs, logged);
            try (OpenSearch opensearch = OpenSearch.start(storeData, storePort)) { // only now: the lines waited
                for (Logged request : logged) {
                    awaitStored(opensearch, request);
                    assertThat(opensearch.count(INDEX, "request_id.keyword:\"" + request.requestId() + "\" AND NOT"
                            + " worker.keyword:\"" + request.worker() + "\""))
                            .as("lines of request %s in the store that do not name worker %d", request.requestId(),
                                    request.worker()).isZero();
                    assertThat(lines.get(request.requestId())).as("the lines of request %s in cluster.log",
                            request.requestId()).hasSize(request.lines() + 1);
                }
            }
        }
    }

    @Test
    @Points(1)
    @Hint("A worker logs 400 lines, answers, and is killed with SIGKILL at once: all its lines must still reach"
            + " cluster.log, and the store once it starts (the pipe keeps them after the process is gone). Look at"
            + " LogCollector.collect: keep taking a worker's lines after its exit, and LogShipper: ship them all.")
    void theLastLinesOfAWorkerKilledWithSigkillArrive(@TempDir Path logs, @TempDir Path storeData) {
        int storePort = Ports.freePort();
        try (LaunchedApp app = start(logs, Map.of("LOG_STORE_URL", "http://127.0.0.1:" + storePort))) {
            Logged request = log(app.port(), "killed-" + System.nanoTime(), 400, 1000);
            ProcessHandle worker = ProcessHandle.of(request.pid()).orElseThrow(
                    () -> new AssertionError("worker " + request.worker() + " (pid " + request.pid() + ") is gone"));
            worker.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            await("worker pid " + request.pid() + " dead").atMost(Duration.ofSeconds(10)).until(() -> !worker.isAlive());

            Map<String, List<JsonNode>> lines = awaitLines(logs, List.of(request));
            assertThat(lines.get(request.requestId()).stream().map(l -> l.path("message").asText()))
                    .as("the last line worker %d logged before SIGKILL", request.worker())
                    .anyMatch(m -> m.startsWith("log line 400 of 400"));
            try (OpenSearch opensearch = OpenSearch.start(storeData, storePort)) {
                awaitStored(opensearch, request);
            }
        }
    }

    // --- helpers ---

    private static LaunchedApp start(Path logs, Map<String, String> env) {
        return Startup.listening(AppLauncher.forMainClass(MonitoredServer.class).workers(WORKERS)
                .env("METRICS_PORT", Integer.toString(Ports.freePort())).env("LOG_DIR", logs.toString()).env(env));
    }

    /** GET /log on new connections, a request id each, until every worker has answered once. */
    private static List<Logged> logOnEveryWorker(LaunchedApp app, String prefix, int lines, int size) {
        Map<Integer, Logged> byWorker = new HashMap<>();
        for (int i = 0; i < 10 * WORKERS && byWorker.size() < WORKERS; i++) {
            Logged answer = log(app.port(), prefix + "-" + i, lines, size);
            byWorker.putIfAbsent(answer.worker(), answer);
        }
        assertThat(byWorker.keySet()).as("the workers that answered GET /log on %d new connections", 10 * WORKERS)
                .hasSize(WORKERS);
        return List.copyOf(byWorker.values());
    }

    /** GET /log?lines=&size= with {@code X-Request-Id: requestId}, on a connection of its own. */
    private static Logged log(int port, String requestId, int lines, int size) {
        HttpRequest request = HttpRequest.newBuilder(Http.uri(port, "/log?lines=" + lines + "&size=" + size))
                .header("X-Request-Id", requestId).timeout(Duration.ofSeconds(30)).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("the status of GET %s (body: %s)", request.uri(), answer.body().strip())
                    .isEqualTo(200);
            assertThat(answer.headers().firstValue("X-Request-Id")).as("the X-Request-Id of the answer")
                    .hasValue(requestId);
            Matcher m = ANSWER.matcher(answer.body());
            assertThat(m.find()).as("GET /log answered '%s'", answer.body().strip()).isTrue();
            return new Logged(requestId, lines, Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until LOG_DIR holds every request's lines and its access line; answers the lines by request id. */
    private static Map<String, List<JsonNode>> awaitLines(Path logs, List<Logged> requests) {
        Map<String, List<JsonNode>> found = new ConcurrentHashMap<>();
        try {
            await("the lines of " + requests.size() + " requests in " + logs).atMost(SETTLE)
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        found.clear();
                        found.putAll(linesByRequest(logs));
                        return requests.stream().allMatch(r -> found.getOrDefault(r.requestId(), List.of()).size()
                                >= r.lines() + 1);
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String counts = requests.stream().map(r -> r.requestId() + ": " + found.getOrDefault(r.requestId(),
                    List.of()).size() + " of " + (r.lines() + 1)).collect(Collectors.joining(", "));
            throw new AssertionError("LOG_DIR (" + logs + ") did not get every line within " + SETTLE.toSeconds()
                    + " s; lines per request id: " + counts + "; files: " + logFiles(logs), e);
        }
        return found;
    }

    /** Every ended line of every log file in {@code logs}, each of which must be one JSON object, by request id. */
    private static Map<String, List<JsonNode>> linesByRequest(Path logs) throws IOException {
        Map<String, List<JsonNode>> byRequest = new HashMap<>();
        for (Path file : logFiles(logs)) {
            String text = Files.readString(file);
            // A line without its line end is still being written: the next poll reads it whole.
            List<String> lines = text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                JsonNode line;
                try {
                    line = JSON.readTree(lines.get(i));
                } catch (JacksonException e) {
                    throw new AssertionError(file.getFileName() + " line " + (i + 1) + " is not one JSON object: "
                            + abbreviate(lines.get(i)), e);
                }
                assertThat(line.isObject()).as("%s line %d is a JSON object: %s", file.getFileName(), i + 1,
                        abbreviate(lines.get(i))).isTrue();
                if (line.hasNonNull("request_id")) {
                    byRequest.computeIfAbsent(line.get("request_id").asText(), k -> new ArrayList<>()).add(line);
                }
            }
        }
        return byRequest;
    }

    private static List<Path> logFiles(Path logs) {
        try (Stream<Path> files = Files.list(logs)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the store holds exactly the request's lines and its access line. */
    private static void awaitStored(OpenSearch opensearch, Logged request) {
        String query = "request_id.keyword:\"" + request.requestId() + "\"";
        long[] count = {-1};
        try {
            await(request.requestId() + " in the store").atMost(STORE_SETTLE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> (count[0] = opensearch.count(INDEX, query)) >= request.lines() + 1);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the store's index " + INDEX + " holds " + count[0] + " lines of request "
                    + request.requestId() + " after " + STORE_SETTLE.toSeconds() + " s; expected "
                    + (request.lines() + 1) + " (its lines and its access line)", e);
        }
        assertThat(opensearch.count(INDEX, query)).as("lines of request %s in the store (each once)",
                request.requestId()).isEqualTo(request.lines() + 1);
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
