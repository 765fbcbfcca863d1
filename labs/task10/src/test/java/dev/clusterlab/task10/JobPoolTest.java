package dev.clusterlab.task10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.ProcessTree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Part 2: the JobPool spreads CPU-bound jobs over the workers, loses none, and fails clearly. */
@Graded
@Hint("Look at JobPool in src/main: submit, dispatch, onMessage, onWorkerExit and timedOut.")
class JobPoolTest {
    private static final int ITERATIONS = 20_000;

    @Test
    @Points(1)
    @Hint("POST /jobs must answer each job with its PBKDF2 hash: JobPool.submit queues it, dispatch sends it to a"
            + " worker as a JobMessage, and onMessage completes its future with the worker's result.")
    void resultsEqualASingleProcessComputation() throws Exception {
        try (TestApp app = TestApp.start(Map.of())) {
            List<HttpResult> answers = submitAll(app, 20, 4, i -> Pbkdf2.job("password-" + i, "salt-" + i, ITERATIONS + i));
            for (int i = 0; i < answers.size(); i++) {
                JsonNode result = TestApp.json(answers.get(i), "POST /jobs (job " + i + ")");
                assertThat(result.path("hash").asText()).as("the hash of job %d (PBKDF2-HMAC-SHA256 of password-%d, salt-%d,"
                        + " %d iterations)", i, i, i, ITERATIONS + i).isEqualTo(Pbkdf2.hex("password-" + i, "salt-" + i, ITERATIONS + i));
            }
        }
    }

    @Test
    @Points(1)
    @Hint("dispatch must give each job to the worker with the fewest jobs in flight (one at a time each), so with"
            + " jobs waiting both workers are busy: each should run at least 30% of them.")
    void jobsSpreadOverBothWorkers() throws Exception {
        try (TestApp app = TestApp.start(Map.of())) {
            int jobs = 40;
            Map<Integer, Integer> byWorker = new TreeMap<>();
            for (HttpResult answer : submitAll(app, jobs, 8, i -> Pbkdf2.job("p" + i, "s", ITERATIONS * 2))) {
                byWorker.merge(TestApp.json(answer, "POST /jobs").path("worker").asInt(), 1, Integer::sum);
            }
            assertThat(byWorker).as("jobs run by each worker id, of %d sent 8 at a time", jobs).hasSize(2);
            assertThat(byWorker.values()).as("jobs run by each worker id: %s", byWorker)
                    .allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(jobs * 3 / 10));
        }
    }

    @Test
    @Points(1)
    @Hint("When a worker dies (Cluster.onExit calls onWorkerExit), the jobs it was running must go back to the front"
            + " of the queue and run on another worker: every job submitted completes, exactly once, with its own id.")
    void killedWorkerLosesNoJob() throws Exception {
        try (TestApp app = TestApp.start(Map.of("JOB_QUEUE", "100"))) {
            int jobs = 20;
            int iterations = 200_000;
            TestApp.json(app.postJob(Pbkdf2.job("first", "s", ITERATIONS)), "POST /jobs (one job, before the others)");
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<HttpResult>> answers = new ArrayList<>();
                for (int i = 0; i < jobs; i++) {
                    String job = Pbkdf2.job("k" + i, "s", iterations);
                    answers.add(clients.submit(() -> app.postJob(job)));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> app.jobStats().path("completed").asInt() >= 3);
                long victim = ProcessTree.pids(app.app().javaChildren()).iterator().next();
                ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL, mid-job

                Set<Long> ids = new HashSet<>();
                for (int i = 0; i < jobs; i++) {
                    JsonNode result = TestApp.json(answers.get(i).get(), "POST /jobs (job " + i + ") after worker pid "
                            + victim + " was SIGKILLed");
                    assertThat(result.path("hash").asText()).as("job %d's hash", i).isEqualTo(Pbkdf2.hex("k" + i, "s", iterations));
                    ids.add(result.path("jobId").asLong());
                }
                assertThat(ids).as("the job ids of the %d answers (each job once)", jobs).hasSize(jobs);
            }
            JsonNode stats = app.jobStats();
            assertThat(stats.path("completed").asInt()).as("completed jobs in GET /jobs/stats (the first one too): %s", stats)
                    .isEqualTo(jobs + 1);
            assertThat(stats.path("retried").asInt()).as("retried jobs (the killed worker was running one): %s", stats)
                    .isGreaterThanOrEqualTo(1);
            assertThat(stats.path("failed").asInt()).as("failed jobs: %s", stats).isZero();
        }
    }

    @Test
    @Points(1)
    @Hint("submit must reject a job with JobErrors.Rejected (429) when every worker is busy and JOB_QUEUE jobs wait;"
            + " a job still running after JOB_TIMEOUT_MS must fail with JobErrors.TimedOut (504) and its worker be killed.")
    void fullQueueRejectsAndSlowJobTimesOut() throws Exception {
        try (TestApp app = TestApp.start(Map.of("JOB_QUEUE", "2", "JOB_TIMEOUT_MS", "1500"))) {
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                TestApp.json(app.postJob(Pbkdf2.job("first", "s", ITERATIONS)), "POST /jobs (one quick job first)");
                String slow = "{\"password\":\"p\",\"salt\":\"s\",\"iterations\":1000,\"sleepMs\":8000}";
                long start = System.nanoTime();
                Future<HttpResult> first = clients.submit(() -> app.postJob(slow));
                clients.submit(() -> app.postJob(slow));
                clients.submit(() -> app.postJob(slow));
                clients.submit(() -> app.postJob(slow));
                await().atMost(Duration.ofSeconds(5)).until(() -> app.jobStats().path("submitted").asInt() == 5);

                HttpResult rejected = app.postJob(slow);
                assertThat(rejected.status()).as("the answer to a 5th job while 2 run and 2 wait (JOB_QUEUE=2): %s",
                        rejected.body()).isEqualTo(429);
                assertThat(rejected.latency()).as("how long the rejection took").isLessThan(Duration.ofSeconds(1));

                HttpResult timedOut = first.get();
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(timedOut.status()).as("the answer to a job that sleeps 8 s with JOB_TIMEOUT_MS=1500: %s",
                        timedOut.body()).isEqualTo(504);
                assertThat(timedOut.body()).as("the timed-out job's error").contains("timed out");
                assertThat(millis).as("ms until the timed-out job was answered (timeout 1500)").isBetween(1400L, 6000L);
            }
        }
    }

    @Test
    @Points(1)
    @Hint("A job whose worker dies is retried once on another worker; if that one dies too (a poison job), the job"
            + " must fail with JobErrors.Failed (502) naming the workers, and the pool goes on serving jobs.")
    void poisonJobIsRetriedOnceThenFailsClearly() {
        try (TestApp app = TestApp.start(Map.of())) {
            HttpResult poisoned = app.postJob("{\"password\":\"p\",\"salt\":\"s\",\"poison\":true}");
            assertThat(poisoned.status()).as("the answer to a job that kills every worker that runs it: %s", poisoned.body())
                    .isEqualTo(502);
            assertThat(poisoned.body()).as("the poison job's error").contains("died");
            JsonNode stats = app.jobStats();
            assertThat(stats.path("retried").asInt()).as("retries of the poison job: %s", stats).isEqualTo(1);
            assertThat(stats.path("failed").asInt()).as("failed jobs: %s", stats).isEqualTo(1);

            JsonNode after = TestApp.json(app.postJob(Pbkdf2.job("after", "s", ITERATIONS)), "POST /jobs after the poison job");
            assertThat(after.path("hash").asText()).isEqualTo(Pbkdf2.hex("after", "s", ITERATIONS));
        }
    }

    /** Sends {@code count} jobs, {@code concurrency} at a time, and returns the answers in order. */
    private static List<HttpResult> submitAll(TestApp app, int count, int concurrency, IntFunction<String> job)
            throws Exception {
        try (ExecutorService clients = Executors.newFixedThreadPool(concurrency)) {
            List<Future<HttpResult>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String body = job.apply(i);
                futures.add(clients.submit(() -> app.postJob(body)));
            }
            List<HttpResult> answers = new ArrayList<>();
            for (Future<HttpResult> future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
    }
}
