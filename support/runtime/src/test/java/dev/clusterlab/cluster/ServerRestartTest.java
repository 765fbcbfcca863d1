package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.fixtures.RestartingServerApp;
import dev.clusterlab.testkit.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A live worker that closes its server and listens again, under the policies where the primary
 * holds the port: Node's test/parallel/test-cluster-server-restart-rr.js (SCHED_RR) and
 * test-cluster-server-restart-none.js (SCHED_NONE, clusterlab's SHARED). The worker tells the
 * primary when it closes a server ({@code close}), so the second listen is not refused as a second
 * one, and the last worker to leave a port makes the primary stop listening on it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServerRestartTest {

    @AfterEach
    void killLeftovers() {
        ClusterTesting.killAll();
    }

    @ParameterizedTest
    @EnumSource(value = SchedulingPolicy.class, names = {"ROUND_ROBIN", "SHARED"})
    void aWorkerThatClosesItsServerListensAgainAndExitsNormally(SchedulingPolicy policy) throws Exception {
        ClusterTesting.setup(RestartingServerApp.class, policy);
        Worker first = Cluster.fork();
        int port = ClusterTesting.listening(first).get(30, TimeUnit.SECONDS).getPort();

        Worker restarting = Cluster.fork(Map.of("RESTART", "1"));
        List<JsonNode> said = new CopyOnWriteArrayList<>();
        restarting.onMessage(said::add);
        List<InetSocketAddress> listened = new CopyOnWriteArrayList<>();
        restarting.onListening(listened::add);
        ExitStatus status = restarting.exited().get(30, TimeUnit.SECONDS);

        assertThat(status.code()).as("exit of the worker that listened twice; it said %s", said).isZero();
        assertThat(status.signal()).isNull();
        assertThat(restarting.exitedAfterDisconnect()).isTrue();
        // Both listens were the worker's first server on port 0: the first worker's handle, its port.
        assertThat(listened).extracting(InetSocketAddress::getPort).containsExactly(port, port);
        assertThat(said).extracting(m -> m.path("listeningAgain").asInt(-1)).contains(port);
        // Its leaving took nothing from the worker still on the port.
        assertThat(Http.getOnNewConnection(port, "/").body()).isEqualTo("worker " + first.id());

        first.disconnect();
        ExitStatus firstStatus = first.exited().get(30, TimeUnit.SECONDS);
        assertThat(firstStatus.code()).as("exit of the worker that listened once").isZero();
        assertThat(firstStatus.signal()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = SchedulingPolicy.class, names = {"ROUND_ROBIN", "SHARED"})
    void thePrimaryStopsListeningWhenTheLastWorkerClosesItsServer(SchedulingPolicy policy) throws Exception {
        ClusterTesting.setup(RestartingServerApp.class, policy);
        Worker worker = Cluster.fork(Map.of("CLOSE", "1"));
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        worker.onMessage(m -> {
            if (m.has("closed")) {
                closed.complete(m.path("closed").asInt());
            }
        });
        int port = closed.get(30, TimeUnit.SECONDS);

        // The worker is alive and connected, but no server of the cluster is on the port any more.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).as("connecting to port %d after its last worker closed its server", port).isInstanceOf(IOException.class));
        assertThat(worker.isConnected()).isTrue();
    }
}
