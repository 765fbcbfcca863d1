package dev.clusterlab.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterlab.logstore.OpenSearchClassPath;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * A real single-node OpenSearch for checks, on 127.0.0.1, in a JVM of its own (256 MB heap): the
 * clusterlab-logstore module's {@code OpenSearchMain}, launched like an app, so its own Jackson, Netty
 * and log4j never meet the check's. Its data lives under a directory of the check's; closing it kills
 * its process tree, and it also exits by itself when the test JVM dies.
 *
 * <pre>{@code
 * try (OpenSearch openSearch = OpenSearch.start(tempDir);
 *      LaunchedApp app = AppLauncher.forMainClass(Server.class).env("OPENSEARCH_URL", openSearch.url()).start()) {
 *     Http.get(app.port(), "/work?id=abc");
 *     await().atMost(Duration.ofSeconds(20))
 *             .until(() -> openSearch.count("clusterlab-logs", "request_id:\"abc\"") == 1);
 * }
 * }</pre>
 *
 * <p>Starting takes a few seconds on an idle machine (JVM start, then green), more on a busy one: a
 * check that starts OpenSearch should allow for up to {@link #READY_TIMEOUT}.
 */
public final class OpenSearch implements AutoCloseable {

    /** How long {@link #start(Path)} waits for the node to accept connections and then turn green. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Yellow counts too: an index created with replicas has nowhere to put them on one node. */
    private static final Set<String> HEALTHY = Set.of("green", "yellow");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LaunchedApp process;

    private OpenSearch(LaunchedApp process) {
        this.process = process;
    }

    /**
     * Starts OpenSearch with its data under {@code dataDir} on free HTTP and transport ports, and waits
     * until the cluster is green (or yellow), at most {@link #READY_TIMEOUT} in all.
     *
     * @throws AssertionError if it exits or is not healthy in time; the message quotes the end of its
     *     output, and the process is killed first
     */
    public static OpenSearch start(Path dataDir) {
        return start(dataDir, Ports.freePort());
    }

    /**
     * Starts OpenSearch as {@link #start(Path)} does, on HTTP port {@code port}: for a check that tells
     * an app where the store is before the store runs, to see that the app keeps what it could not send.
     */
    public static OpenSearch start(Path dataDir, int port) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        LaunchedApp process = AppLauncher.forMainClass(OpenSearchClassPath.MAIN_CLASS)
                .classPath(OpenSearchClassPath.get())
                .jvmArgs("-Xms256m", "-Xmx256m")
                .port(port)
                .args(dataDir.toAbsolutePath().toString(), Integer.toString(Ports.freePort()))
                .name("opensearch")
                .readyTimeout(READY_TIMEOUT)
                .start();
        OpenSearch openSearch = new OpenSearch(process);
        try {
            openSearch.awaitHealthy(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0)).plusSeconds(5));
            return openSearch;
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        }
    }

    /** Where clients send requests: {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The HTTP port on 127.0.0.1. */
    public int port() {
        return process.port();
    }

    /** The OpenSearch JVM, e.g. for its output or its pid. */
    public LaunchedApp process() {
        return process;
    }

    /**
     * How many documents of {@code index} match {@code query}, after a refresh so that everything
     * indexed so far counts.
     *
     * @param index an index name or pattern, e.g. {@code clusterlab-logs} or {@code logs-*}
     * @param query a {@code query_string} query in Lucene syntax, e.g.
     *     {@code request_id:"abc" AND worker:"2"}; {@code *} matches every document
     * @return the count; 0 when the index does not exist
     * @throws AssertionError when OpenSearch rejects the request (say a query that does not parse),
     *     with its answer
     */
    public long count(String index, String query) {
        if (!refresh(index)) {
            return 0;
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("query", queryString(query));
        HttpResult result = post("/" + index + "/_count", body);
        return result.status() == 404 ? 0 : json(result).path("count").asLong();
    }

    /**
     * The {@code _source} of up to {@code size} documents of {@code index} that match {@code query}
     * (best match first), after a refresh.
     *
     * @param query a {@code query_string} query, as for {@link #count(String, String)}
     * @return the documents; empty when the index does not exist
     * @throws AssertionError when OpenSearch rejects the request, with its answer
     */
    public List<JsonNode> search(String index, String query, int size) {
        if (!refresh(index)) {
            return List.of();
        }
        ObjectNode body = JSON.createObjectNode().put("size", size);
        body.set("query", queryString(query));
        HttpResult result = post("/" + index + "/_search", body);
        List<JsonNode> sources = new ArrayList<>();
        if (result.status() != 404) {
            json(result).path("hits").path("hits").forEach(hit -> sources.add(hit.path("_source")));
        }
        return sources;
    }

    /** Kills OpenSearch's process tree and waits until it is gone. */
    @Override
    public void close() {
        process.close();
    }

    /** Pid and URL, for messages. */
    @Override
    public String toString() {
        return "OpenSearch (pid " + process.pid() + ", " + url() + ")";
    }

    private void awaitHealthy(Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .failFast("OpenSearch exited", () -> !process.isAlive())
                    .until(() -> HEALTHY.contains(health()));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            String what = process.isAlive()
                    ? "OpenSearch (" + url() + ") did not turn green within " + Failures.duration(timeout) + "."
                    : "OpenSearch exited with code " + process.process().exitValue() + " before it turned green.";
            throw new AssertionError(what + "\nLast " + LaunchedApp.TAIL_LINES + " lines of its output (all of it: "
                    + TestkitDirs.display(process.logFile()) + "):\n" + process.outputTail(LaunchedApp.TAIL_LINES), e);
        }
    }

    private String health() {
        return json(request("GET", "/_cluster/health", null)).path("status").asText();
    }

    /** Refreshes {@code index} so that what was indexed is searchable; false when it does not exist. */
    private boolean refresh(String index) {
        return request("POST", "/" + index + "/_refresh", null).status() != 404;
    }

    private HttpResult post(String path, JsonNode body) {
        return request("POST", path, body);
    }

    /** Sends a request; any answer but 2xx or 404 fails with OpenSearch's words. */
    private HttpResult request(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpResult result = Http.send(HttpRequest.newBuilder(Http.uri(port(), path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").method(method, publisher).build());
        if (!result.isSuccess() && result.status() != 404) {
            throw new AssertionError("OpenSearch answered " + method + " " + path
                    + (body == null ? "" : " " + body) + " with " + result.status() + ": " + result.body());
        }
        return result;
    }

    private static ObjectNode queryString(String query) {
        ObjectNode queryString = JSON.createObjectNode();
        queryString.putObject("query_string").put("query", query);
        return queryString;
    }

    private static JsonNode json(HttpResult result) {
        try {
            return JSON.readTree(result.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("OpenSearch answered with something that is not JSON: " + result.body(), e);
        }
    }
}
