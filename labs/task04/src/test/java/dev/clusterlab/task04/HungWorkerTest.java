package dev.clusterlab.task04;

import dev.clusterlab.testkit.KeepAliveConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.ProcessTree;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Task 4: a worker whose loop is stuck is alive, connected and accepting connections; only its
 * missing heartbeats give it away. The check hangs one worker with {@code GET /hang} and watches
 * the primary replace it while the other worker goes on serving.
 */
@Graded
@Hint("Look at WorkerApp.startHeartbeats (each worker beats from its loop) and HeartbeatMonitor.heard and sweep"
        + " (the primary remembers each beat, and replaces a worker silent for HUNG_AFTER_MS).")
class HungWorkerTest {
    private static final long HEARTBEAT_MS = 200;
    private static final long HUNG_AFTER_MS = 2000;
    private static final Pattern REPLACING = Pattern.compile(
            "monitor: worker (\\d+) \\(pid (\\d+)\\) missed heartbeats for (\\d+) ms; replacing it");
    /** From the hang to the monitor's line: the silence, a sweep, and a noisy machine's delays. */
    private static final Duration DETECTION = Duration.ofSeconds(20);

    @Test
    @Points(3)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @Hint("After GET /hang one worker's loop is stuck, and so are its heartbeats. The primary must print"
            + " 'monitor: worker <id> (pid <pid>) missed heartbeats for <ms> ms; replacing it' once that worker has"
            + " been silent for HUNG_AFTER_MS, kill it (SIGKILL), and Cluster.fork() a worker that serves in its place;"
            + " the other worker must be left alone. The heartbeat must come from the worker's loop, not a thread of"
            + " its own, or it goes on while the loop is stuck.")
    void aHungWorkerIsReplacedAndTheOtherKeepsServing() throws IOException {
        try (LaunchedApp app = TestCluster.start(Map.of("HEARTBEAT_MS", Long.toString(HEARTBEAT_MS),
                "HUNG_AFTER_MS", Long.toString(HUNG_AFTER_MS)));
             KeepAliveConnection first = new KeepAliveConnection(app.port(), TestCluster.REQUEST);
             KeepAliveConnection second = new KeepAliveConnection(app.port(), TestCluster.REQUEST)) {
            Set<Long> pids = TestCluster.workerPids(app);
            long hung = TestCluster.pidOf(first);
            long healthy = TestCluster.pidOf(second);
            assertThat(new TreeSet<>(List.of(hung, healthy))).as("the workers holding two keep-alive connections opened one after"
                    + " the other (round-robin)").isEqualTo(pids);

            long hangAt = System.nanoTime();
            first.send("/hang");
            Matcher line = awaitReplacement(app, second, healthy, hangAt);
            long replacedAt = System.nanoTime();

            assertThat(Long.parseLong(line.group(2))).as("the pid in '%s': the worker sent GET /hang", line.group())
                    .isEqualTo(hung);
            assertThat(Long.parseLong(line.group(3))).as("the silence reported in '%s', with HUNG_AFTER_MS=%d",
                    line.group(), HUNG_AFTER_MS).isGreaterThanOrEqualTo(HUNG_AFTER_MS);
            assertThat(ProcessTree.awaitGone(List.of(hung), Duration.ofSeconds(10)))
                    .as("the hung worker (pid %d) still alive 10 s after the monitor's line", hung).isEmpty();

            long replacement = awaitNewWorker(app, Set.of(hung, healthy));
            System.out.printf("'%s' seen %d ms after GET /hang; the replacement (pid %d) answered %d ms after GET /hang%n",
                    line.group(), TimeUnit.NANOSECONDS.toMillis(replacedAt - hangAt), replacement,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - hangAt));
            assertThat(ProcessTree.pids(app.javaChildren())).as("the primary's child JVMs after the replacement")
                    .isEqualTo(Set.of(healthy, replacement));
            assertThat(TestCluster.pidOf(second)).as("the worker on the healthy worker's connection, at the end")
                    .isEqualTo(healthy);
        }
    }

    /**
     * Waits for the monitor's line, asking the healthy worker {@code /whoami} on its own connection
     * every 200 ms meanwhile: every answer must come, from that worker.
     */
    private static Matcher awaitReplacement(LaunchedApp app, KeepAliveConnection healthyConnection, long healthy,
                                            long hangAt) {
        List<Long> answers = new ArrayList<>();
        long deadline = hangAt + DETECTION.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher line = REPLACING.matcher(app.output());
            if (line.find()) {
                long afterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - hangAt);
                assertThat(afterMs).as("ms from GET /hang to '%s': the monitor must wait for HUNG_AFTER_MS=%d of"
                        + " silence", line.group(), HUNG_AFTER_MS).isGreaterThanOrEqualTo(HUNG_AFTER_MS - 2 * HEARTBEAT_MS);
                return line;
            }
            answers.add(TestCluster.pidOf(healthyConnection));
            assertThat(answers).as("the workers that answered GET /whoami on the healthy worker's connection while"
                    + " the other hung").containsOnly(healthy);
            TestCluster.sleep(200);
        }
        return fail("The primary did not print 'monitor: worker <id> (pid <pid>) missed heartbeats for <ms> ms;"
                + " replacing it' within " + DETECTION.toSeconds() + " s of GET /hang (HUNG_AFTER_MS=" + HUNG_AFTER_MS
                + "). The end of its output:\n" + app.outputTail(15));
    }

    /** Asks {@code /whoami} on new connections until a worker not in {@code known} answers; its pid. */
    private static long awaitNewWorker(LaunchedApp app, Set<Long> known) {
        long deadline = System.nanoTime() + TestCluster.STARTUP.toNanos();
        List<Long> answers = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            long pid = TestCluster.whoAnswers(app.port());
            if (!known.contains(pid)) {
                return pid;
            }
            answers.add(pid);
            TestCluster.sleep(200);
        }
        return fail("No new worker answered GET /whoami within " + TestCluster.STARTUP.toSeconds() + " s of the"
                + " replacement (answers by pid: " + answers + "; the workers before: " + known + ").");
    }
}
