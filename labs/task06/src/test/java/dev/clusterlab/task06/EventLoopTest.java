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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Part 2: slow work leaves the event loop, bounded, and the loop's lag says whether it did. */
@Graded
@Hint("Look at WorkRoutes, Offload and LoopLag in src/main.")
class EventLoopTest {
    static final int WORK_MS = 300;

    @TempDir
    Path dir;

    @Test
    @Points(1)
    @Hint("GET /work runs 300 ms of CPU on the event loop, so every request of that loop waits: hand it to offload.cpu(...)"
            + " (WorkRoutes), and probe each loop every 20 ms (LoopLag.start) so GET /loop reports its lag. The fast"
            + " endpoint's p99 and the loop lag p99 must stay low while the slow one is busy.")
    void slowWorkLeavesTheFastEndpointAndTheLoopLagLow() throws Exception {
        try (TestApp app = TestApp.withRedis(dir, Map.of("CPU_THREADS", "1", "CPU_QUEUE", "64"))) {
            warmUp(app.port());
            resetLag(app.port());
            TestApp.sleep(300);
            assertThat(lag(app.port()).values()).as("GET /loop of both workers has lag samples 300 ms after a reset (the"
                    + " probe runs every 20 ms)").hasSize(TestApp.WORKERS)
                    .allSatisfy(l -> assertThat(l.path("samples").asLong()).isPositive());
            AtomicBoolean busy = new AtomicBoolean(true);
            List<Long> fastMillis = Collections.synchronizedList(new ArrayList<>());
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < 4; c++) { // slow requests, 2 per worker at a time
                    clients.submit(() -> {
                        while (busy.get()) {
                            Http.getOnNewConnection(app.port(), "/work?ms=" + WORK_MS, Duration.ofSeconds(30));
                        }
                        return null;
                    });
                }
                TestApp.sleep(500);
                long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < end) {
                    HttpResult fast = Http.getOnNewConnection(app.port(), "/fast", Duration.ofSeconds(10));
                    assertThat(fast.status()).as("GET /fast while /work is busy").isEqualTo(200);
                    fastMillis.add(fast.latency().toMillis());
                    TestApp.sleep(10);
                }
                busy.set(false);
            }
            Map<Integer, JsonNode> lag = lag(app.port());
            List<Long> sorted = fastMillis.stream().sorted().toList();
            long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
            String summary = String.format("%d GET /fast: p50 %d ms, p99 %d ms, max %d ms; loop lag by worker: %s",
                    sorted.size(), sorted.get(sorted.size() / 2), p99, sorted.getLast(), lag);
            assertThat(lag.values()).as("GET /loop of both workers has lag samples (the probe runs every 20 ms): %s", summary)
                    .hasSize(TestApp.WORKERS).allSatisfy(l -> assertThat(l.path("samples").asLong()).isGreaterThan(50));
            assertThat(p99).as("p99 ms of GET /fast while 4 x 300 ms CPU requests run: %s", summary).isLessThan(150);
            assertThat(lag.values()).as("loop lag p99 under 100 ms: %s", summary)
                    .allSatisfy(l -> assertThat(l.path("p99Ms").asDouble()).isLessThan(100));
        }
    }

    @Test
    @Points(1)
    @Hint("A blocked loop must show in GET /loop (LoopLag.start probes each loop), and slow work must be bounded: with"
            + " CPU_THREADS=1 and CPU_QUEUE=2 a burst of GET /work gets 503s with Retry-After at once (Offload.cpu), not"
            + " a queue that grows until requests time out.")
    void aBlockedLoopShowsInTheLagAndAFullPoolAnswers503() throws Exception {
        try (TestApp app = TestApp.withRedis(dir, Map.of("CPU_THREADS", "1", "CPU_QUEUE", "2"))) {
            warmUp(app.port());
            resetLag(app.port());
            for (int i = 0; i < 4; i++) { // blocks the loop of whichever worker takes it, on purpose
                assertThat(Http.getOnNewConnection(app.port(), "/block?ms=" + WORK_MS, Duration.ofSeconds(10)).status()).isEqualTo(200);
            }
            Map<Integer, JsonNode> lag = lag(app.port());
            assertThat(lag.values()).as("the largest loop lag each worker saw after two 300 ms blocks each: %s", lag)
                    .hasSize(TestApp.WORKERS).allSatisfy(l -> assertThat(l.path("maxMs").asDouble()).isGreaterThan(WORK_MS * 0.8));

            List<Future<HttpResult>> burst = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 16; i++) {
                    burst.add(clients.submit(() -> Http.getOnNewConnection(app.port(), "/work?ms=" + WORK_MS, Duration.ofSeconds(30))));
                }
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<Long> shedMillis = new ArrayList<>();
            for (Future<HttpResult> f : burst) {
                HttpResult r = f.get();
                statuses.merge(r.status(), 1, Integer::sum);
                if (r.status() == 503) {
                    assertThat(r.header("retry-after")).as("Retry-After of a 503").isPresent();
                    shedMillis.add(r.latency().toMillis());
                }
            }
            assertThat(statuses).as("statuses of 16 concurrent GET /work?ms=300 on 2 workers with 1 CPU thread and a"
                    + " queue of 2 each").containsOnlyKeys(200, 503);
            assertThat(statuses.get(503)).as("503s: %s", statuses).isGreaterThanOrEqualTo(6);
            assertThat(shedMillis.stream().sorted().toList().get(shedMillis.size() / 2))
                    .as("median ms of the 503s (%s): they must not wait for the work", shedMillis).isLessThan(WORK_MS);
        }
    }

    private static void warmUp(int port) {
        for (int i = 0; i < 200; i++) {
            Http.getOnNewConnection(port, i % 10 == 0 ? "/work?ms=1" : "/fast");
        }
    }

    /** Resets the lag on both workers (new connections reach each in turn). */
    private static void resetLag(int port) {
        for (int i = 0; i < 4; i++) {
            Http.sendOnNewConnection(port, "POST", "/loop/reset", Map.of(), "", Duration.ofSeconds(5));
        }
    }

    /** GET /loop of each worker, by worker id. */
    private static Map<Integer, JsonNode> lag(int port) {
        Map<Integer, JsonNode> byWorker = new TreeMap<>();
        for (int i = 0; i < 10 && byWorker.size() < TestApp.WORKERS; i++) {
            JsonNode loop = TestApp.json(Http.getOnNewConnection(port, "/loop"), 200, "GET /loop");
            byWorker.put(loop.path("worker").asInt(), loop.path("lag"));
        }
        return byWorker;
    }
}
