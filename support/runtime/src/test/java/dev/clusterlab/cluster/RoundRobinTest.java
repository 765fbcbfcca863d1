package dev.clusterlab.cluster;

import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link SchedulingPolicy#ROUND_ROBIN}, Node's default (test-cluster-rr-*.js and the round-robin
 * handle's flow control): the primary, here this test JVM, accepts and passes each connection.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoundRobinTest {
    private static final Duration SLOW = Duration.ofSeconds(30);

    @AfterEach
    void killLeftovers() {
        ClusterTesting.killAll();
    }

    @Test
    void isTheDefaultAndSplitsSequentialConnectionsEvenly() throws Exception {
        int port = startCluster(2, ClusterSettings.builder());
        Map<String, Integer> byWorker = new ConcurrentHashMap<>();
        for (int i = 0; i < 2000; i++) {
            byWorker.merge(answer(port, Http.DEFAULT_TIMEOUT), 1, Integer::sum);
        }
        assertThat(byWorker).hasSize(2).allSatisfy((worker, count) ->
                assertThat(count).as("connections served by %s of 2000", worker).isBetween(990, 1010));
        // Each worker's own counts reach the primary: Worker.stats().
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Cluster.workers().values())
                .allSatisfy(w -> assertThat(w.stats()).as("stats of worker %d", w.id())
                        .isEqualTo(new WorkerStats(byWorker.get(body(w)), 0, byWorker.get(body(w)), 0, 0, 0))));
    }

    private static String body(Worker worker) {
        return "worker " + worker.id() + " pid " + worker.process().pid();
    }

    @Test
    void thePrimaryClosesItsCopyOfEverySocketItHandsOver() throws Exception {
        int port = startCluster(2, ClusterSettings.builder());
        answer(port, Http.DEFAULT_TIMEOUT); // every lazy fd of this JVM's side is open now
        long before = ClusterTesting.openFds();
        for (int i = 0; i < 3000; i++) {
            answer(port, Http.DEFAULT_TIMEOUT);
        }
        // The last acknowledgements may still be on their way.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ClusterTesting.openFds()).as("open fds of the primary, %d before 3000 connections", before)
                        .isLessThanOrEqualTo(before + 3));
    }

    /**
     * A stopped worker (SIGSTOP) takes no more than its window of connections, the other worker
     * serves all the rest at once, and after SIGCONT the stopped one answers what it holds.
     */
    @Test
    void aStoppedWorkerHoldsOnlyItsWindowWhileTheOtherServesTheRest() throws Exception {
        int port = startCluster(2, ClusterSettings.builder());
        Worker stopped = Cluster.workers().values().iterator().next();
        signal(stopped, "STOP");
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> answer(port, SLOW), clients));
            }
            String stoppedName = "worker " + stopped.id() + " ";
            await().atMost(SLOW).untilAsserted(() -> assertThat(answers.stream().filter(a -> !a.isDone()))
                    .as("connections still waiting while worker %d is stopped: its window", stopped.id())
                    .hasSize(RoundRobinHandle.WINDOW));
            assertThat(answers.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join))
                    .as("answers while worker %d is stopped", stopped.id())
                    .noneMatch(body -> body.startsWith(stoppedName));

            signal(stopped, "CONT");
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(SLOW.toSeconds(), TimeUnit.SECONDS);
            assertThat(answers.stream().map(CompletableFuture::join).filter(b -> b.startsWith(stoppedName)))
                    .as("answers from worker %d after SIGCONT: those it held", stopped.id())
                    .hasSize(RoundRobinHandle.WINDOW);
            assertThat(Stream.generate(() -> answer(port, Http.DEFAULT_TIMEOUT)).limit(10))
                    .as("10 new connections after SIGCONT go to both workers again")
                    .anyMatch(b -> b.startsWith(stoppedName)).anyMatch(b -> !b.startsWith(stoppedName));
        } finally {
            signal(stopped, "CONT");
        }
    }

    /** What a worker never acknowledged is not lost when it dies: the primary hands it to another. */
    @Test
    void connectionsAWorkerNeverTookGoToAnotherWhenItDies() throws Exception {
        int port = startCluster(2, ClusterSettings.builder());
        Worker victim = Cluster.workers().values().iterator().next();
        signal(victim, "STOP"); // it can neither take nor acknowledge what it is sent
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> answer(port, SLOW), clients));
            }
            await().atMost(SLOW).until(() -> answers.stream().filter(a -> !a.isDone()).count() == RoundRobinHandle.WINDOW);

            victim.process().destroyForcibly();
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(SLOW.toSeconds(), TimeUnit.SECONDS);
            assertThat(answers).extracting(CompletableFuture::join)
                    .as("every answer, after worker %d died holding some connections", victim.id())
                    .noneMatch(body -> body.startsWith("worker " + victim.id() + " "));
        }
    }

    /** A rolling restart's step under load: fork a new worker, then disconnect an old one; nothing is lost. */
    @Test
    void replacingAWorkerUnderLoadLosesNoRequest() throws Exception {
        int port = startCluster(2, ClusterSettings.builder());
        Worker old = Cluster.workers().values().iterator().next();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 8; c++) {
                clients.submit(() -> {
                    while (running.get()) {
                        try {
                            answer(port, Http.DEFAULT_TIMEOUT);
                            answered.incrementAndGet();
                        } catch (AssertionError | RuntimeException e) {
                            failures.add(e.toString());
                        }
                    }
                });
            }
            Thread.sleep(500);
            ClusterTesting.listening(Cluster.fork()).get(30, TimeUnit.SECONDS);
            old.disconnect();
            old.exited().get(30, TimeUnit.SECONDS);
            int before = answered.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() > before + 100);
            running.set(false);
        }
        assertThat(failures).as("failed requests of %d while worker %d was replaced", answered.get(), old.id()).isEmpty();
        assertThat(old.exitedAfterDisconnect()).isTrue();
    }

    @Test
    void aSchedulerChoosesTheWorkerAndABrokenOneFallsBackToTheFirstCandidate() throws Exception {
        int port = startCluster(2, ClusterSettings.builder().scheduler(() -> candidates -> candidates.getLast()));
        int last = Cluster.workers().keySet().stream().max(Integer::compare).orElseThrow();
        for (int i = 0; i < 20; i++) {
            assertThat(answer(port, Http.DEFAULT_TIMEOUT)).startsWith("worker " + last + " ");
        }
        ClusterTesting.killAll();

        port = startCluster(2, ClusterSettings.builder().scheduler(() -> candidates -> {
            throw new IllegalStateException("a broken scheduler");
        }));
        int first = Cluster.workers().keySet().stream().min(Integer::compare).orElseThrow();
        for (int i = 0; i < 20; i++) {
            assertThat(answer(port, Http.DEFAULT_TIMEOUT)).startsWith("worker " + first + " ");
        }
    }

    /** Starts {@code count} workers of {@link TestWorkerApp} on one port the primary picks; returns the port. */
    private static int startCluster(int count, ClusterSettings.Builder settings) throws Exception {
        Cluster.setupPrimary(settings.mainClass(TestWorkerApp.class).args().build());
        List<CompletableFuture<java.net.InetSocketAddress>> listening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Worker worker = Cluster.fork();
            listening.add(ClusterTesting.listening(worker));
        }
        int port = listening.getFirst().get(30, TimeUnit.SECONDS).getPort();
        for (CompletableFuture<java.net.InetSocketAddress> other : listening) {
            assertThat(other.get(30, TimeUnit.SECONDS).getPort()).as("the port every worker shares").isEqualTo(port);
        }
        return port;
    }

    /** The body of GET / on a new connection: {@code worker <id> pid <pid>}. */
    private static String answer(int port, Duration timeout) {
        HttpResult result = Http.getOnNewConnection(port, "/", timeout);
        assertThat(result.status()).as("status of GET / (%s)", result.body()).isEqualTo(200);
        return result.body();
    }

    private static void signal(Worker worker, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(worker.process().pid())).start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, worker.process().pid()).isZero();
    }
}
