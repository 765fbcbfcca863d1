package dev.clusterlab.cluster;

import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Mirrors Node's test/parallel/test-cluster-basic.js: the life of one worker, event by event, under each policy. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterBasicTest {

    @AfterEach
    void killLeftovers() {
        ClusterTesting.killAll();
    }

    @ParameterizedTest
    @EnumSource(SchedulingPolicy.class)
    void eventsComeInOrderForkOnlineListeningDisconnectExit(SchedulingPolicy policy) throws Exception {
        ClusterTesting.setup(TestWorkerApp.class, policy);
        List<String> clusterEvents = new CopyOnWriteArrayList<>();
        List<String> workerEvents = new CopyOnWriteArrayList<>();
        try (Subscription a = Cluster.onFork(w -> clusterEvents.add("fork"));
             Subscription b = Cluster.onOnline(w -> clusterEvents.add("online"));
             Subscription c = Cluster.onListening((w, addr) -> clusterEvents.add("listening"));
             Subscription d = Cluster.onDisconnect(w -> clusterEvents.add("disconnect"));
             Subscription e = Cluster.onExit((w, s) -> clusterEvents.add("exit"))) {
            Worker worker = Cluster.fork();
            worker.onOnline(() -> workerEvents.add("online:" + worker.state()));
            InetSocketAddress address = ClusterTesting.listening(worker).get(30, TimeUnit.SECONDS);
            workerEvents.add("listening:" + worker.state());
            worker.onDisconnect(() -> workerEvents.add("disconnect"));
            worker.onExit(s -> workerEvents.add("exit:" + s.code()));

            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + address.getPort() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.body()).isEqualTo("worker " + worker.id() + " pid " + worker.process().pid());

            worker.kill();
            ExitStatus status = worker.exited().get(20, TimeUnit.SECONDS);
            assertThat(status.signal()).isEqualTo("SIGTERM");
            assertThat(worker.isDead()).isTrue();
            assertThat(worker.isConnected()).isFalse();
            assertThat(worker.exitedAfterDisconnect()).isTrue();
            assertThat(Cluster.workers()).doesNotContainKey(worker.id());
            assertThat(clusterEvents).containsExactly("fork", "online", "listening", "disconnect", "exit");
            assertThat(workerEvents).containsExactly("online:ONLINE", "listening:LISTENING", "disconnect", "exit:143");
        }
    }
}
