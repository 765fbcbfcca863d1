package dev.clusterlab.task04;

import dev.clusterlab.testkit.KeepAliveConnection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the task's checks share: starting {@link BalancedServer} with two workers, and asking its
 * workers who they are and what they served, each on a new connection, from outside.
 */
final class TestCluster {
    static final int WORKERS = 2;
    static final Duration STARTUP = Duration.ofSeconds(30);
    static final Duration REQUEST = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("worker (\\d+) is listening on ");

    private TestCluster() {
    }

    /**
     * Starts the cluster with {@code WORKERS=2}, round-robin scheduling and {@code env} on top, and
     * waits until the primary reports both workers listening.
     */
    static LaunchedApp start(Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("CLUSTERLAB_SCHED_POLICY", "ROUND_ROBIN"); // the default, whatever the grader's environment says
        all.putAll(env);
        LaunchedApp app = AppLauncher.forMainClass(BalancedServer.class).workers(WORKERS).env(all)
                .readyTimeout(STARTUP).start();
        try {
            awaitListening(app);
            return app;
        } catch (RuntimeException | Error e) {
            app.close();
            throw e;
        }
    }

    /** Waits for the primary's {@code worker <id> is listening} line of each worker. */
    private static void awaitListening(LaunchedApp app) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        Set<String> listening = new TreeSet<>();
        while (listening.size() < WORKERS && System.nanoTime() < deadline && app.isAlive()) {
            TestCluster.sleep(100);
            LISTENING.matcher(app.output()).results().forEach(m -> listening.add(m.group(1)));
        }
        assertThat(listening).as("the workers the primary reported listening ('worker <id> is listening on ...')"
                + " within %d s; its output ends with:%n%s", STARTUP.toSeconds(), app.outputTail(15)).hasSize(WORKERS);
    }

    /** The pids of the primary's worker JVMs. */
    static Set<Long> workerPids(LaunchedApp app) {
        Set<Long> pids = new TreeSet<>(ProcessTree.pids(app.javaChildren()));
        assertThat(pids).as("the primary's child JVMs (its workers) with WORKERS=%d", WORKERS).hasSize(WORKERS);
        return pids;
    }

    /** The pid of the worker that answers {@code GET /whoami} on a new connection. */
    static long whoAnswers(int port) {
        return json(Http.getOnNewConnection(port, "/whoami", REQUEST), "/whoami").path("pid").asLong();
    }

    /** Each worker's own count of {@code /whoami} answers ({@code GET /stats}), by pid; asks on new connections. */
    static Map<Long, Long> servedByPid(LaunchedApp app, Set<Long> pids) {
        Map<Long, Long> served = new TreeMap<>();
        for (int i = 0; i < 50 && !served.keySet().equals(pids); i++) {
            JsonNode stats = json(Http.getOnNewConnection(app.port(), "/stats", REQUEST), "/stats");
            served.put(stats.path("pid").asLong(), stats.path("served").asLong());
        }
        assertThat(served.keySet()).as("the workers that answered GET /stats").isEqualTo(pids);
        return served;
    }

    /** Asks {@code /whoami} on {@code connection}: the pid of the worker that holds it. */
    static long pidOf(KeepAliveConnection connection) {
        try {
            KeepAliveConnection.Answer who = connection.get("/whoami");
            assertThat(who.status()).as("the status of GET /whoami (body: %s)", who.body()).isEqualTo(200);
            return JSON.readTree(who.body()).path("pid").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException("GET /whoami on a keep-alive connection failed: " + e.getMessage(), e);
        }
    }

    static JsonNode json(HttpResult result, String path) {
        assertThat(result.status()).as("the status of GET %s (body: %s)", path, result.body().strip()).isEqualTo(200);
        try {
            return JSON.readTree(result.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " did not answer JSON but: " + result.body(), e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
