package dev.clusterlab.task04;

import dev.clusterlab.testkit.KeepAliveConnection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.cluster.WorkerLoad;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.Points;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Task 4: the least-connections scheduler, first on made-up loads, then in a running cluster with
 * {@code SCHEDULER=least-connections}.
 */
@Graded
@Hint("Look at LeastConnections.pick in src/main: the candidate with the fewest open() + pending(), ties in"
        + " turn. BalancedServer sets it as the cluster's scheduler when SCHEDULER=least-connections.")
class LeastConnectionsTest {
    /** Slow requests held on the busy worker: see {@link #newConnectionsAvoidAWorkerHoldingSlowRequests}. */
    private static final int HELD = 3;
    private static final int FAST = 20;
    /** How many of the fast connections may still reach the busy worker. */
    private static final int TOLERATED = 2;

    /** A worker's load as the primary would report it. */
    record Load(int workerId, long handed, int pending, long open) implements WorkerLoad {
    }

    @Test
    @Points(1)
    @Hint("pick() gets the candidates in ascending id order and must return one of them (the same object): the one"
            + " with the least open() + pending() (pending connections are on their way to it). Among equally loaded"
            + " candidates go round in turn: remember the id picked last and start after it, wrapping around.")
    void picksTheWorkerWithTheFewestConnections() {
        LeastConnections scheduler = new LeastConnections();
        Load busy = new Load(1, 50, 0, 3);
        Load idle = new Load(2, 80, 0, 1);
        assertThat(scheduler.pick(List.of(busy, idle))).as("pick of worker 1 (3 open) and worker 2 (1 open)")
                .isSameAs(idle);

        Load sending = new Load(1, 10, 2, 0);
        Load holding = new Load(2, 10, 0, 1);
        assertThat(scheduler.pick(List.of(sending, holding)))
                .as("pick of worker 1 (0 open, 2 pending) and worker 2 (1 open, 0 pending)").isSameAs(holding);

        Load only = new Load(3, 0, 0, 7);
        assertThat(scheduler.pick(List.of(only))).as("pick of a single candidate").isSameAs(only);

        List<Load> loaded = List.of(new Load(1, 9, 0, 2), new Load(2, 9, 0, 0), new Load(3, 9, 0, 0),
                new Load(4, 9, 1, 0));
        LeastConnections rotating = new LeastConnections();
        Map<Integer, Integer> picks = new TreeMap<>();
        for (int i = 0; i < 6; i++) {
            picks.merge(rotating.pick(loaded).workerId(), 1, Integer::sum);
        }
        assertThat(picks).as("6 picks by one scheduler among workers 1 (2 open), 2 (0), 3 (0) and 4 (1 pending):"
                + " workers 2 and 3 tie, and take turns").isEqualTo(Map.of(2, 3, 3, 3));
    }

    @Test
    @Points(2)
    @Hint("With SCHEDULER=least-connections, BalancedServer must set LeastConnections as the cluster's scheduler"
            + " (ClusterSettings.builder().scheduler(LeastConnections::new), before the first fork), and pick() must"
            + " prefer the worker with the fewest open() + pending(). A worker that holds slow requests keeps its"
            + " connections open: new ones should go to the other worker.")
    void newConnectionsAvoidAWorkerHoldingSlowRequests() throws IOException {
        try (LaunchedApp app = TestCluster.start(Map.of("SCHEDULER", "least-connections",
                "HUNG_AFTER_MS", "60000"))) {
            Set<Long> pids = TestCluster.workerPids(app);
            for (long busy : pids) { // each worker in turn, so that a scheduler always picking the same one fails
                List<KeepAliveConnection> slow = holdSlowRequests(app.port(), busy);
                int toBusy = 0;
                List<Long> answered = new ArrayList<>();
                try {
                    // The primary learns that the connections on the other worker closed over IPC, a moment later.
                    TestCluster.sleep(300);
                    for (int i = 0; i < FAST; i++) {
                        long pid = TestCluster.whoAnswers(app.port());
                        answered.add(pid);
                        toBusy += pid == busy ? 1 : 0;
                    }
                } finally {
                    for (KeepAliveConnection connection : slow) {
                        connection.close();
                    }
                }
                System.out.printf("worker pid %d held %d slow requests and got %d of %d new connections: %s%n", busy,
                        HELD, toBusy, FAST, answered);
                assertThat(toBusy).as("new connections (one after another) that went to worker pid %d while it held %d"
                        + " slow requests, of %d (answers by pid, in order: %s); round-robin sends half of them there",
                        busy, HELD, FAST, answered).isLessThanOrEqualTo(TOLERATED);
                TestCluster.sleep(300); // the closes of the slow requests' connections reach the primary
            }
        }
    }

    /**
     * Opens keep-alive connections until {@value #HELD} of them are held by worker {@code busy}, and
     * sends a 15 s {@code /slow} request on each; the connections that went to the other worker
     * are closed. Holding several is what makes the check robust: the primary hears of each closed
     * connection a moment after the client saw it close, so back-to-back connections sometimes find
     * the other worker's count one too high, and with a single slow request, a tie.
     */
    private static List<KeepAliveConnection> holdSlowRequests(int port, long busy) throws IOException {
        List<KeepAliveConnection> held = new ArrayList<>();
        List<KeepAliveConnection> others = new ArrayList<>();
        try {
            for (int i = 0; i < 30 && held.size() < HELD; i++) {
                KeepAliveConnection connection = new KeepAliveConnection(port, TestCluster.REQUEST);
                (TestCluster.pidOf(connection) == busy ? held : others).add(connection);
            }
            assertThat(held).as("keep-alive connections held by worker pid %d after opening %d", busy,
                    held.size() + others.size()).hasSize(HELD);
            for (KeepAliveConnection connection : held) {
                connection.send("/slow?ms=15000");
            }
            return held;
        } catch (RuntimeException | Error e) {
            for (KeepAliveConnection connection : held) {
                connection.close();
            }
            throw e;
        } finally {
            for (KeepAliveConnection connection : others) {
                connection.close();
            }
        }
    }
}
