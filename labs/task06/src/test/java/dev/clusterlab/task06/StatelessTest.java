package dev.clusterlab.task06;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.Points;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Part 1: two workers, one state: sessions, the rate limit and the counter live in a real Redis. */
@Graded
@Hint("Look at PerfServer.sharedState and RedisState in src/main: the state must live in Redis, not in each worker.")
class StatelessTest {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int LIMIT = 20;
    /** One Redis and one app for the checks that leave Redis up (the testkit ends them after the class). */
    private static TestApp shared;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        shared = TestApp.withRedis(dir.resolve("shared"), Map.of("RATE_LIMIT", Integer.toString(LIMIT), "RATE_WINDOW_MS", "60000"));
        for (int i = 0; i < 20; i++) { // both workers' first calls, which a cold JVM makes slowly (never /hits: it is counted)
            send(shared, "POST", "/login", Map.of("Content-Type", "application/json"), "{\"user\":\"warm\"}");
            send(shared, "GET", "/limited", Map.of("X-Api-Key", "warm-up"), null);
        }
    }

    @AfterAll
    static void stop() {
        if (shared != null) {
            shared.close();
        }
    }

    @Test
    @Points(1)
    @Hint("POST /login stores the session on one worker; GET /me on the other worker must find it: SET session:<token>"
            + " in Redis with a TTL (RedisState.createSession), GET it in sessionUser.")
    void aSessionMadeOnOneWorkerIsHonouredByTheOther() {
        TestApp app = shared;
        JsonNode login = TestApp.json(send(app, "POST", "/login", Map.of("Content-Type", "application/json"),
                "{\"user\":\"ada\"}"), 200, "POST /login");
        String token = login.path("token").asText();
        int loginWorker = login.path("worker").asInt();
        Map<Integer, String> answerByWorker = new TreeMap<>();
        for (int i = 0; i < 12 && answerByWorker.size() < TestApp.WORKERS; i++) { // new connections: round-robin
            HttpResult me = send(app, "GET", "/me", Map.of("Authorization", "Bearer " + token), null);
            answerByWorker.put(workerOf(me), me.status() + " " + me.body());
        }
        assertThat(answerByWorker).as("GET /me by the worker that answered, for a session made on worker %d",
                loginWorker).hasSize(TestApp.WORKERS).doesNotContainKey(-1)
                .allSatisfy((worker, answer) -> assertThat(answer).startsWith("200 ").contains("\"user\":\"ada\""));
        assertThat(send(app, "GET", "/me", Map.of("Authorization", "Bearer not-a-token"), null).status())
                .as("GET /me with a token that no login made").isEqualTo(401);
    }

    @Test
    @Points(1)
    @Hint("The limit is per key for the whole cluster: each worker counting its own lets N x workers through. Count in"
            + " Redis in one atomic step (RedisState.allow: EVALSHA of LIMIT_SCRIPT, INCR + PEXPIRE), and answer 429 with"
            + " Retry-After past the limit.")
    void aBurstOfFourTimesTheLimitGetsExactlyTheLimitAcrossTheCluster() throws Exception {
        int limit = LIMIT;
        TestApp app = shared;
        List<HttpResult> results = burst(4 * limit, () -> send(app, "GET", "/limited", Map.of("X-Api-Key", "key-1"), null));
        Map<Integer, Long> statuses = new TreeMap<>();
        results.forEach(r -> statuses.merge(r.status(), 1L, Long::sum));
        assertThat(statuses).as("statuses of %d concurrent GET /limited with one key, limit %d per window",
                4 * limit, limit).containsOnlyKeys(200, 429).containsEntry(200, (long) limit);
        assertThat(results.stream().filter(r -> r.status() == 429))
                .as("429s without a Retry-After in seconds").allSatisfy(r -> assertThat(r.header("retry-after"))
                        .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60)));
        assertThat(send(app, "GET", "/limited", Map.of("X-Api-Key", "key-2"), null).status())
                .as("another key has its own limit").isEqualTo(200);
    }

    @Test
    @Points(1)
    @Hint("Each POST /hits must add one to ONE counter for the whole cluster, atomically: INCR in Redis"
            + " (RedisState.increment), never read-add-write.")
    void tenThousandConcurrentIncrementsEndExact() throws Exception {
        int increments = 10_000;
        TestApp app = shared;
        Set<Long> values = ConcurrentHashMap.newKeySet();
        Set<Integer> workers = ConcurrentHashMap.newKeySet();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
            for (int c = 0; c < 16; c++) {
                int share = increments / 16;
                clients.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        HttpResult r = Http.post(app.port(), "/hits", "", "text/plain");
                        if (r.status() != 200) {
                            failures.add(r.status() + " " + r.body());
                            continue;
                        }
                        JsonNode hit = TestApp.json(r, 200, "POST /hits");
                        values.add(hit.path("hits").asLong());
                        workers.add(hit.path("worker").asInt());
                    }
                });
            }
        }
        assertThat(failures).as("POST /hits that failed").isEmpty();
        assertThat(workers).as("workers that counted").hasSize(TestApp.WORKERS);
        assertThat(values).as("distinct values the %d increments returned (each must be new)", increments).hasSize(increments);
        JsonNode total = TestApp.json(Http.getOnNewConnection(app.port(), "/hits"), 200, "GET /hits");
        assertThat(total.path("hits").asLong()).as("GET /hits after %d increments", increments).isEqualTo(increments);
    }

    @Test
    @Points(1)
    @Hint("With Redis gone, a request must get a 503 with Retry-After within 1 s (never a 500, never a hang), and the"
            + " app must recover by itself: connect with commands rejected while disconnected and a command timeout"
            + " (RedisState.connect), and map RedisException to StateUnavailableException.")
    void redisStoppedMidRunGivesFast503sThenServiceReturns() throws Exception {
        try (TestApp app = TestApp.withRedis(dir.resolve("outage"), Map.of())) {
            for (int i = 0; i < 20; i++) {
                assertThat(Http.getOnNewConnection(app.port(), "/hits").status()).as("GET /hits with Redis up").isEqualTo(200);
            }
            app.redis().stop();
            List<String> during = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                long start = System.nanoTime();
                HttpResult r = Http.sendOnNewConnection(app.port(), "POST", "/hits", Map.of(), "", Duration.ofSeconds(5));
                long ms = (System.nanoTime() - start) / 1_000_000;
                during.add(r.status() + " in " + ms + " ms");
                assertThat(r.status()).as("POST /hits while Redis is down (so far: %s)", during).isEqualTo(503);
                assertThat(ms).as("ms to answer while Redis is down (so far: %s)", during).isLessThan(1000);
                assertThat(r.header("retry-after")).as("Retry-After of a 503").isPresent();
            }
            app.redis().restart();
            long restarted = System.nanoTime();
            long deadline = restarted + Duration.ofSeconds(10).toNanos();
            // Each worker reconnects on its own schedule: wait until both have answered (new connections go round-robin).
            Map<Integer, Long> backAfterMs = new TreeMap<>();
            List<String> after = new ArrayList<>();
            while (backAfterMs.size() < TestApp.WORKERS && System.nanoTime() < deadline) {
                TestApp.sleep(50);
                HttpResult r = Http.sendOnNewConnection(app.port(), "POST", "/hits", Map.of(), "", Duration.ofSeconds(5));
                if (r.status() == 200) {
                    backAfterMs.putIfAbsent(workerOf(r), (System.nanoTime() - restarted) / 1_000_000);
                } else if (after.size() < 10) {
                    after.add(r.status() + " " + r.body());
                }
            }
            assertThat(backAfterMs).as("workers answering POST /hits with 200 within 10 s after Redis came back"
                    + " (ms after the restart; the first other answers: %s)", after).hasSize(TestApp.WORKERS);
            System.out.printf("while Redis was down: %s; each worker back (ms after the restart): %s%n", during, backAfterMs);
            for (int i = 0; i < 10; i++) { // both stay back
                assertThat(Http.getOnNewConnection(app.port(), "/hits").status()).as("GET /hits after recovery").isEqualTo(200);
            }
        }
    }

    private static HttpResult send(TestApp app, String method, String path, Map<String, String> headers, String body) {
        return Http.sendOnNewConnection(app.port(), method, path, headers, body, TIMEOUT);
    }

    private static int workerOf(HttpResult result) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.body()).path("worker").asInt(-1);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static List<HttpResult> burst(int n, java.util.concurrent.Callable<HttpResult> request) throws Exception {
        List<Future<HttpResult>> futures = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < n; i++) {
                futures.add(clients.submit(() -> {
                    go.await();
                    return request.call();
                }));
            }
            go.countDown();
        }
        List<HttpResult> results = new ArrayList<>();
        for (Future<HttpResult> f : futures) {
            results.add(f.get());
        }
        return results;
    }
}
