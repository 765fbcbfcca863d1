package dev.clusterlab.task10;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the task's checks share: {@link UseCaseServer} started with two workers under round-robin,
 * its catalog on {@link #port()} and its jobs on {@link #jobsPort()}, read from outside.
 */
record TestApp(LaunchedApp app, int jobsPort) implements AutoCloseable {
    static final int WORKERS = 2;
    static final Duration STARTUP = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("worker (\\d+) is listening on ");

    /** Starts the app with {@code env} on top of round-robin and a free jobs port; waits for both workers. */
    static TestApp start(Map<String, String> env) {
        int jobsPort = Ports.freePort();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("CLUSTERLAB_SCHED_POLICY", "ROUND_ROBIN"); // the default, whatever the grader's environment says
        all.put("JOBS_PORT", Integer.toString(jobsPort));
        all.putAll(env);
        LaunchedApp app = AppLauncher.forMainClass(UseCaseServer.class).workers(WORKERS).env(all)
                .readyTimeout(STARTUP).start();
        try {
            awaitWorkers(app);
            return new TestApp(app, jobsPort);
        } catch (RuntimeException | Error e) {
            app.close();
            throw e;
        }
    }

    private static void awaitWorkers(LaunchedApp app) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        Set<String> listening = new TreeSet<>();
        while (listening.size() < WORKERS && System.nanoTime() < deadline && app.isAlive()) {
            sleep(100);
            LISTENING.matcher(app.output()).results().forEach(m -> listening.add(m.group(1)));
        }
        assertThat(listening).as("the workers the primary reported listening ('worker <id> is listening on ...')"
                + " within %d s; its output ends with:%n%s", STARTUP.toSeconds(), app.outputTail(15)).hasSize(WORKERS);
    }

    int port() {
        return app.port();
    }

    /** {@code POST /jobs} with {@code job} (JSON). */
    HttpResult postJob(String job) {
        return Http.send(HttpRequest.newBuilder(Http.uri(jobsPort, "/jobs")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(job)).build());
    }

    /** {@code GET /jobs/stats}. */
    JsonNode jobStats() {
        return json(Http.get(jobsPort, "/jobs/stats"), "GET /jobs/stats");
    }

    /** The body of {@code result} as JSON, which must be a 200. */
    static JsonNode json(HttpResult result, String what) {
        assertThat(result.status()).as("the status of %s (body: %s)", what, result.body()).isEqualTo(200);
        try {
            return JSON.readTree(result.body());
        } catch (IOException e) {
            throw new UncheckedIOException(what + " did not answer JSON: " + result.body(), e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
