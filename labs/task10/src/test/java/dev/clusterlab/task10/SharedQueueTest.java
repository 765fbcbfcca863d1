package dev.clusterlab.task10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.ProcInfo;
import dev.clusterlab.testkit.ProcessTree;
import dev.clusterlab.testkit.Redis;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part 3: two instances (two primaries, each with 2 workers; processes standing in for machines)
 * share one job queue, a Redis Stream. One instance is SIGKILLed, whole, midway through 1,000 jobs;
 * every job's result is still recorded exactly once, because its pending entries are reclaimed.
 */
@Graded
@Hint("Look at StreamConsumer in src/main: step (XREADGROUP), record (RECORD_SCRIPT, PUBLISH, then XACK) and reclaim (XAUTOCLAIM).")
class SharedQueueTest {
    static final int JOBS = 1_000;
    static final int CLIENTS = 16;
    static final String STREAM = "jobs";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @Points(1)
    @Timeout(150)
    @Hint("Each worker is a consumer of group 'workers' on stream 'jobs': StreamConsumer.step reads new entries"
            + " (XREADGROUP, offset \">\"), record stores the result with HSETNX jobs:results <jobId> and counts it in"
            + " jobs:recorded only if that set it, in one step (RECORD_SCRIPT), so a job run twice is recorded and counted"
            + " once; it publishes the id, and XACKs last;"
            + " reclaim takes over with XAUTOCLAIM what a dead consumer left pending for STREAM_CLAIM_MS and counts it in"
            + " jobs:reclaimed.")
    void twoInstancesShareOneQueueAndLoseNoJobWhenOneIsKilled() throws Exception {
        Redis.assumeInstalled();
        Map<Integer, String> expected = IntStream.range(0, JOBS).parallel().boxed()
                .collect(Collectors.toMap(i -> i, i -> Pbkdf2.hex(password(i), salt(i), iterations(i))));
        try (Redis redis = Redis.start(dir)) {
            // One after the other: two JVM clusters starting at once on 2 cores can each take most of STARTUP.
            try (TestApp victim = TestApp.start(env(redis, "a"));
                 TestApp survivor = TestApp.start(env(redis, "b"))) {
                RedisClient client = RedisClient.create(redis.url());
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    RedisCommands<String, String> store = connection.sync();
                    HttpResult probe = survivor.postJob(Pbkdf2.job("probe", "s", 1_000));
                    assertThat(probe.status()).as("POST /jobs of one job to instance b (JOB_MODE=stream), answered once a"
                            + " worker recorded its result: %s%nWhat the consumers said:%n%s", probe.body(),
                            consumerLines(victim, survivor)).isEqualTo(200);
                    assertThat(TestApp.json(probe, "POST /jobs (probe)").path("hash").asText()).as("the probe job's hash")
                            .isEqualTo(Pbkdf2.hex("probe", "s", 1_000));

                    Map<Long, Integer> jobOfId = new HashMap<>();
                    String killedPending;
                    List<String> leftByVictim;
                    try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
                        List<Future<HttpResult>> answers = new ArrayList<>();
                        for (int i = 0; i < JOBS; i++) {
                            String job = Pbkdf2.job(password(i), salt(i), iterations(i));
                            answers.add(clients.submit(() -> survivor.postJob(job)));
                        }
                        // Midway, while a consumer of instance a holds an entry it has not acknowledged: SIGKILL all of a.
                        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2)).until(() ->
                                number(store.get(STREAM + ":recorded")) >= JOBS / 3 && pendingOf(store, "a-") > 0);
                        killTree(victim);
                        killedPending = pendingByConsumer(store).toString();
                        leftByVictim = store.xpending(STREAM, "workers", Range.create("-", "+"), Limit.from(1_000)).stream()
                                .filter(entry -> entry.getConsumer().startsWith("a-")).map(PendingMessage::getId).toList();

                        for (int i = 0; i < JOBS; i++) {
                            HttpResult answer = answers.get(i).get();
                            JsonNode result = TestApp.json(answer, "POST /jobs (job " + i + ") to instance b, after instance a"
                                    + " was SIGKILLed");
                            assertThat(result.path("hash").asText()).as("job %d's hash in the answer", i).isEqualTo(expected.get(i));
                            jobOfId.put(result.path("jobId").asLong(), i);
                        }
                    }
                    assertThat(jobOfId).as("distinct job ids in the %d answers", JOBS).hasSize(JOBS);

                    assertThat(leftByVictim).as("entries the consumers of instance a held unacknowledged when it was"
                            + " killed (pending by consumer: %s)", killedPending).isNotEmpty();
                    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                            store.xpending(STREAM, "workers").getCount() == 0); // so a's entries were reclaimed too
                    Map<String, String> recorded = store.hgetall(STREAM + ":results");
                    recorded.remove(Long.toString(TestApp.json(probe, "probe").path("jobId").asLong()));
                    assertThat(recorded.keySet()).as("the job ids in hash %s:results (the probe left out)", STREAM)
                            .containsExactlyInAnyOrderElementsOf(jobOfId.keySet().stream().map(Object::toString).toList());
                    Map<String, Integer> byInstance = new TreeMap<>();
                    for (Map.Entry<String, String> entry : recorded.entrySet()) {
                        int job = jobOfId.get(Long.parseLong(entry.getKey()));
                        JsonNode result = JSON.readTree(entry.getValue());
                        assertThat(result.path("hash").asText()).as("the recorded result of job id %s (job %d): %s",
                                entry.getKey(), job, entry.getValue()).isEqualTo(expected.get(job));
                        byInstance.merge(result.path("consumer").asText().split("-")[0], 1, Integer::sum);
                    }
                    assertThat(number(store.get(STREAM + ":recorded"))).as("results recorded (counted when HSETNX set one), %d jobs"
                            + " and the probe", JOBS).isEqualTo(JOBS + 1);
                    assertThat(byInstance).as("recorded results by the instance whose consumer ran the job").containsKeys("a", "b");
                    assertThat(number(store.get(STREAM + ":reclaimed"))).as("entries reclaimed (%s:reclaimed); pending by"
                            + " consumer when instance a was killed: %s", STREAM, killedPending).isPositive();
                    System.out.println("shared queue: " + JOBS + " jobs, recorded by instance " + byInstance + ", reclaimed "
                            + store.get(STREAM + ":reclaimed") + ", pending when a was killed " + killedPending);
                } finally {
                    client.shutdown();
                }
            }
        }
    }

    private static Map<String, String> env(Redis redis, String instance) {
        return Map.of("JOB_MODE", "stream", "REDIS_URL", redis.url(), "INSTANCE", instance,
                "STREAM_CLAIM_MS", "1000", "JOB_QUEUE", "1000", "JOB_TIMEOUT_MS", "20000");
    }

    private static String password(int i) {
        return "user-" + i;
    }

    private static String salt(int i) {
        return "salt-" + i % 10;
    }

    private static int iterations(int i) {
        return 10_000 + i % 50;
    }

    /** Entries the consumers whose names start with {@code prefix} hold unacknowledged. */
    private static long pendingOf(RedisCommands<String, String> store, String prefix) {
        return pendingByConsumer(store).entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static Map<String, Long> pendingByConsumer(RedisCommands<String, String> store) {
        return new TreeMap<>(store.xpending(STREAM, "workers").getConsumerMessageCount());
    }

    /** SIGKILL of the primary and every process under it, at once, as when its machine goes away. */
    private static void killTree(TestApp app) {
        List<Long> pids = new ArrayList<>(app.app().descendants().stream().map(ProcInfo::pid).toList());
        pids.addFirst(app.app().pid());
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        assertThat(ProcessTree.awaitGone(pids, Duration.ofSeconds(10))).as("processes of instance a still alive"
                + " 10 s after SIGKILL").isEmpty();
    }

    /** The consumers that stopped, and why ("stream consumer ... stopped, ..."), from both instances' output. */
    private static String consumerLines(TestApp... apps) {
        StringBuilder lines = new StringBuilder();
        for (TestApp app : apps) {
            app.app().output().lines().filter(line -> line.contains("stream consumer") && line.contains(" stopped, "))
                    .limit(2).forEach(line -> lines.append("  ").append(line).append(System.lineSeparator()));
        }
        return lines.isEmpty() ? "  (none stopped; see the apps' logs)" : lines.toString();
    }

    private static long number(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
