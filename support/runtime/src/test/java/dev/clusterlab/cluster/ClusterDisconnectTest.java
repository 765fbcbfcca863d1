package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mirrors Node's test/parallel/test-cluster-disconnect.js: every worker has two servers, and
 * {@code cluster.disconnect()} closes all of them; then the cluster starts again on the same ports.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterDisconnectTest {

    @AfterEach
    void killLeftovers() {
        ClusterTesting.killAll();
    }

    /**
     * Each of two workers serves two ports (fixed ones here; port 0 is the next test). Disconnect
     * closes every server: each worker exits 0, after disconnect, and both ports refuse
     * connections. A second round on the same ports shows that nothing of the first was left.
     */
    @ParameterizedTest
    @EnumSource(SchedulingPolicy.class)
    void disconnectClosesEveryServerOfEveryWorker(SchedulingPolicy policy) throws Exception {
        ClusterTesting.setup(TestWorkerApp.class, policy);
        int first = Ports.freePort();
        int second = Ports.freePort();
        while (second == first) {
            second = Ports.freePort();
        }
        for (int round = 1; round <= 2; round++) {
            Map<Worker, CompletableFuture<InetSocketAddress>> workers = new LinkedHashMap<>();
            for (int i = 0; i < 2; i++) {
                Worker worker = Cluster.fork(Map.of("PORT", Integer.toString(first)));
                workers.put(worker, ClusterTesting.listening(worker));
            }
            for (Worker worker : workers.keySet()) {
                assertThat(workers.get(worker).get(30, TimeUnit.SECONDS).getPort()).isEqualTo(first);
                JsonNode reply = ClusterTesting.ask(worker, Map.of("cmd", "listen", "port", second));
                assertThat(reply.path("port").asInt()).as("round %d: worker %d's second server: %s", round, worker.id(), reply)
                        .isEqualTo(second);
            }
            assertThat(Http.getOnNewConnection(first, "/").body()).startsWith("worker ");
            assertThat(Http.getOnNewConnection(second, "/").body()).startsWith("late server of ");

            Cluster.disconnect().get(30, TimeUnit.SECONDS);

            for (Worker worker : workers.keySet()) {
                assertThat(worker.exitStatus()).as("round %d: worker %d", round, worker.id()).isEqualTo(new ExitStatus(0, null));
                assertThat(worker.exitedAfterDisconnect()).isTrue();
            }
            assertThat(Cluster.workers()).isEmpty();
            assertThat(Ports.isAccepting(first)).as("round %d: port %d accepts after disconnect", round, first).isFalse();
            assertThat(Ports.isAccepting(second)).as("round %d: port %d accepts after disconnect", round, second).isFalse();
        }
    }

    /**
     * What Node's test does with its port-0 servers: a worker's n-th server on an address is the
     * cluster's n-th server there, so two listens on port 0 in each worker give two ports, each
     * shared by every worker. (REUSEPORT is left out: there Node binds in the worker without
     * asking the primary, each listen on port 0 its own port.)
     */
    @ParameterizedTest
    @EnumSource(value = SchedulingPolicy.class, names = {"ROUND_ROBIN", "SHARED"})
    void eachWorkersSecondServerOnPortZeroSharesTheClustersSecondPort(SchedulingPolicy policy) throws Exception {
        ClusterTesting.setup(TestWorkerApp.class, policy);
        Worker a = Cluster.fork();
        Worker b = Cluster.fork();
        CompletableFuture<InetSocketAddress> aListening = ClusterTesting.listening(a);
        CompletableFuture<InetSocketAddress> bListening = ClusterTesting.listening(b);
        int first = aListening.get(30, TimeUnit.SECONDS).getPort();
        assertThat(bListening.get(30, TimeUnit.SECONDS).getPort()).isEqualTo(first);

        JsonNode secondOfA = ClusterTesting.ask(a, Map.of("cmd", "listen", "port", 0));
        JsonNode secondOfB = ClusterTesting.ask(b, Map.of("cmd", "listen", "port", 0));

        assertThat(secondOfA.path("error").isMissingNode()).as("worker a's second listen(0): %s", secondOfA).isTrue();
        assertThat(secondOfA.path("port").asInt()).isNotEqualTo(first);
        assertThat(secondOfB.path("port").asInt()).as("worker b's second listen(0): %s", secondOfB)
                .isEqualTo(secondOfA.path("port").asInt());
        HttpResult served = Http.getOnNewConnection(secondOfA.path("port").asInt(), "/");
        assertThat(served.body()).startsWith("late server of ");
    }
}
