package dev.clusterlab.cluster;

import dev.clusterlab.cluster.fixtures.DrainingApp;
import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.Ports;
import dev.clusterlab.testkit.ProcInfo;
import dev.clusterlab.testkit.ProcessTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link Cluster#drainOnSignals}, {@link Worker#disconnect(Duration)} and readiness, on a cluster
 * in a JVM of its own (pm2's graceful reload and {@code wait_ready}; Node leaves them to the app).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GracefulShutdownTest {

    @Test
    void sigtermLetsTheRequestInFlightFinishThenTheClusterExitsZero() throws Exception {
        try (LaunchedApp app = start(Duration.ofSeconds(20))) {
            Set<Long> workers = ProcessTree.pids(app.javaChildren());
            CompletableFuture<HttpResult> slow = CompletableFuture.supplyAsync(
                    () -> Http.getOnNewConnection(app.port(), "/slow?ms=3000", Duration.ofSeconds(20)));
            Thread.sleep(500); // let the request reach a worker

            app.process().toHandle().destroy(); // SIGTERM

            HttpResult result = slow.get(20, TimeUnit.SECONDS);
            assertThat(result.status()).as("the request in flight when SIGTERM came").isEqualTo(200);
            assertThat(result.header("connection")).as("its Connection header").hasValue("close");
            assertThat(app.process().waitFor(20, TimeUnit.SECONDS)).as("the primary exited").isTrue();
            assertThat(app.process().exitValue()).as("the primary's exit code after draining").isZero();
            assertThat(ProcessTree.awaitGone(workers, Duration.ofSeconds(5))).as("workers left").isEmpty();
        }
    }

    @Test
    void aRequestStuckPastTheDeadlineIsCutAndTheWorkerKilled() throws Exception {
        int stuckPort = Ports.freePort();
        try (LaunchedApp app = start(Duration.ofSeconds(1), stuckPort)) {
            Set<Long> workers = ProcessTree.pids(app.javaChildren());
            CompletableFuture<HttpResult> stuck = CompletableFuture.supplyAsync(
                    () -> Http.getOnNewConnection(stuckPort, "/stuck", Duration.ofSeconds(30)));
            Thread.sleep(500);
            long signalled = System.nanoTime();

            app.process().toHandle().destroy();

            assertThat(app.process().waitFor(20, TimeUnit.SECONDS)).as("the primary exited").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as("drain time with a 1 s deadline")
                    .isLessThan(Duration.ofMillis(1000 + Worker.KILL_GRACE_MS + 5000));
            assertThat(app.process().exitValue()).isZero();
            assertThat(app.output()).as("the primary's output").contains("killing it");
            assertThat(ProcessTree.awaitGone(workers, Duration.ofSeconds(5))).as("workers left").isEmpty();
            assertThat(stuck).failsWithin(Duration.ofSeconds(5)); // cut, never answered
        }
    }

    @Test
    void everyWorkerSaysItIsReadyOnceItServes() {
        try (LaunchedApp app = start(Duration.ofSeconds(5))) {
            List<ProcInfo> workers = app.javaChildren();
            for (ProcInfo worker : workers) {
                app.awaitOutput(Pattern.compile("ready \\d+ " + worker.pid()), Duration.ofSeconds(30));
            }
            assertThat(Http.get(app.port(), "/slow?ms=1").status()).isEqualTo(200);
        }
    }

    private static LaunchedApp start(Duration drain) {
        return start(drain, Ports.freePort());
    }

    /** Starts the cluster and waits until both workers said they are ready. */
    private static LaunchedApp start(Duration drain, int stuckPort) {
        LaunchedApp app = AppLauncher.forMainClass(DrainingApp.class).workers(2)
                .env("DRAIN_MS", Long.toString(drain.toMillis()))
                .env("STUCK_PORT", Integer.toString(stuckPort))
                .readyTimeout(Duration.ofSeconds(60)).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> app.output().lines().filter(l -> l.startsWith("ready ")).count() == 2);
        return app;
    }
}
