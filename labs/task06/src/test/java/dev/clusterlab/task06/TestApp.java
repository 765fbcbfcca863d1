package dev.clusterlab.task06;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.Ports;
import dev.clusterlab.testkit.Redis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the task's checks share: a real Redis and {@link PerfServer}
 * with two workers under round-robin, its app on {@link #port()} and its admin API on {@link #adminPort()}.
 */
record TestApp(LaunchedApp app, Redis redis, int adminPort) implements AutoCloseable {
    static final int WORKERS = 2;
    static final Duration STARTUP = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("worker (\\d+) is listening on ");

    /** Starts Redis (skipping the check where redis-server is missing), then the app with {@code env} on top. */
    static TestApp withRedis(Path dir, Map<String, String> env) {
        Redis.assumeInstalled();
        Redis redis = Redis.start(dir);
        try {
            Map<String, String> all = new LinkedHashMap<>(env);
            all.put("REDIS_URL", redis.url());
            return start(redis, all);
        } catch (RuntimeException | Error e) {
            redis.close();
            throw e;
        }
    }

    private static TestApp start(Redis redis, Map<String, String> env) {
        int adminPort = Ports.freePort();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("CLUSTERLAB_SCHED_POLICY", "ROUND_ROBIN"); // the default, whatever the grader's environment says
        all.put("ADMIN_PORT", Integer.toString(adminPort));
        all.putAll(env);
        LaunchedApp app = AppLauncher.forMainClass(PerfServer.class).workers(WORKERS).env(all).readyTimeout(STARTUP).start();
        try {
            awaitWorkers(app);
            return new TestApp(app, redis, adminPort);
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

    /** The body of {@code result} as JSON, which must have status {@code status}. */
    static JsonNode json(HttpResult result, int status, String what) {
        assertThat(result.status()).as("the status of %s (body: %s)", what, result.body()).isEqualTo(status);
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
        try {
            app.close();
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }
}
