package dev.clusterlab.cluster;

import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import dev.clusterlab.testkit.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under SHARED and REUSEPORT, two workers on one port both get connections; the kernel picks the
 * worker, so the test only asks that each answers within many new connections, not that they take
 * turns (ROUND_ROBIN's turns are RoundRobinTest's). No Node test asserts the spread itself; the
 * nearest is test/parallel/test-cluster-shared-leak.js (two SCHED_NONE workers on one port).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedPortTest {
    private static final int MAX_CONNECTIONS = 500;

    @AfterEach
    void killLeftovers() {
        ClusterTesting.killAll();
    }

    @ParameterizedTest
    @EnumSource(value = SchedulingPolicy.class, names = {"SHARED", "REUSEPORT"})
    void bothWorkersServeNewConnectionsOnTheirSharedPort(SchedulingPolicy policy) throws Exception {
        ClusterTesting.setup(TestWorkerApp.class, policy);
        Worker a = Cluster.fork();
        Worker b = Cluster.fork();
        CompletableFuture<InetSocketAddress> aListening = ClusterTesting.listening(a);
        CompletableFuture<InetSocketAddress> bListening = ClusterTesting.listening(b);
        int port = aListening.get(30, TimeUnit.SECONDS).getPort();
        assertThat(bListening.get(30, TimeUnit.SECONDS).getPort()).isEqualTo(port);

        Set<String> answeredBy = new HashSet<>();
        int connections = 0;
        while (answeredBy.size() < 2 && connections < MAX_CONNECTIONS) {
            answeredBy.add(Http.getOnNewConnection(port, "/").body());
            connections++;
        }
        assertThat(answeredBy).as("who answered %d new connections", connections).containsExactlyInAnyOrder(
                "worker " + a.id() + " pid " + a.process().pid(), "worker " + b.id() + " pid " + b.process().pid());
    }
}
