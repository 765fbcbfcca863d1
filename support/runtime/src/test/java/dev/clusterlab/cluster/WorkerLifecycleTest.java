package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Ports of Node's test/parallel/test-cluster-* files about one worker's life; each names its file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerLifecycleTest {

    @BeforeEach
    void setup() {
        ClusterTesting.setup(TestWorkerApp.class);
    }

    @AfterEach
    void killLeftovers() {
        ClusterTesting.killAll();
    }

    /** test-cluster-fork-env.js: the env given to fork() reaches the worker, and only that worker. */
    @Test
    void forkEnvReachesTheWorker() throws Exception {
        Worker withVar = Cluster.fork(Map.of("CLUSTER_TEST_VAR", "fork-env-value", "NO_SERVER", "1"));
        Worker without = Cluster.fork(Map.of("NO_SERVER", "1"));
        assertThat(ClusterTesting.ask(withVar, Map.of("cmd", "env", "name", "CLUSTER_TEST_VAR")).path("env").asText())
                .isEqualTo("fork-env-value");
        assertThat(ClusterTesting.ask(without, Map.of("cmd", "env", "name", "CLUSTER_TEST_VAR")).path("env").asText()).isEmpty();
    }

    /** test-cluster-worker-kill.js: kill(SIGKILL) gives disconnect, then exit with the signal. */
    @Test
    void killGivesDisconnectThenExitWithTheSignal() throws Exception {
        Worker worker = Cluster.fork(Map.of("NO_SERVER", "1"));
        ClusterTesting.ask(worker, Map.of("cmd", "echo"));
        List<String> events = new CopyOnWriteArrayList<>();
        worker.onDisconnect(() -> events.add("disconnect"));
        worker.onExit(s -> events.add("exit"));
        assertThat(worker.isDead()).isFalse();

        worker.kill("SIGKILL");
        ExitStatus status = worker.exited().get(20, TimeUnit.SECONDS);

        assertThat(status.signal()).isEqualTo("SIGKILL");
        assertThat(status.code()).isEqualTo(137);
        assertThat(events).containsExactly("disconnect", "exit");
        assertThat(worker.exitedAfterDisconnect()).isTrue();
        assertThat(worker.state()).isEqualTo(WorkerState.DEAD);
        assertThat(worker.isDead()).isTrue();
    }

    /** test-cluster-worker-isdead.js and an unexpected death: exitedAfterDisconnect stays false. */
    @Test
    void aWorkerThatDiesOnItsOwnDidNotExitAfterDisconnect() throws Exception {
        Worker worker = Cluster.fork(Map.of("NO_SERVER", "1"));
        ClusterTesting.ask(worker, Map.of("cmd", "echo"));
        worker.send(Map.of("cmd", "exit", "code", 7));
        ExitStatus status = worker.exited().get(20, TimeUnit.SECONDS);
        assertThat(status).isEqualTo(new ExitStatus(7, null));
        assertThat(worker.exitedAfterDisconnect()).isFalse();
        assertThat(worker.isDead()).isTrue();
    }

    /** A worker that fails before it connects exits without ever being online. */
    @Test
    void aWorkerThatCrashesOnStartIsNeverOnline() throws Exception {
        Worker worker = Cluster.fork(Map.of("CRASH_ON_START", "1"));
        List<String> events = new CopyOnWriteArrayList<>();
        worker.onOnline(() -> events.add("online"));
        List<String> stderr = new CopyOnWriteArrayList<>();
        worker.onOutput((w, err, line) -> {
            if (err) {
                stderr.add(line);
            }
        });
        assertThat(worker.exited().get(20, TimeUnit.SECONDS).code()).isEqualTo(3);
        assertThat(events).isEmpty();
        assertThat(worker.exitedAfterDisconnect()).isFalse();
        assertThat(stderr).contains("crashing on purpose");
    }

    /**
     * An output listener added on fork hears the worker's very first line, and every line the worker
     * wrote before a SIGKILL: the pipe keeps them after the process is gone.
     */
    @Test
    void anOutputListenerAddedOnForkHearsTheFirstLineAndEveryLineBeforeASigkill() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (Subscription onFork = Cluster.onFork(w -> w.onOutput((x, err, line) -> heard.add(line)))) {
            Worker worker = Cluster.fork(Map.of("FIRST_LINE", "the very first line"));
            ClusterTesting.ask(worker, Map.of("cmd", "flood", "count", 500));
            worker.kill("SIGKILL");
            assertThat(worker.exited().get(20, TimeUnit.SECONDS).signal()).isEqualTo("SIGKILL");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> heard.stream().filter(line -> line.startsWith("flood ")).count() == 500);
            assertThat(heard.getFirst()).isEqualTo("the very first line");
            assertThat(heard).filteredOn(line -> line.startsWith("flood ")).last().asString()
                    .startsWith("flood 499 ");
        }
    }

    /**
     * test-cluster-worker-disconnect.js and test-cluster-worker-wait-server-close.js: disconnect()
     * waits for the worker's server to close, and a request in flight still gets its answer.
     */
    @ParameterizedTest
    @EnumSource(SchedulingPolicy.class)
    void disconnectLetsTheRequestInFlightFinishThenExitsZero(SchedulingPolicy policy) throws Exception {
        ClusterTesting.setup(TestWorkerApp.class, policy);
        Worker worker = Cluster.fork();
        InetSocketAddress address = ClusterTesting.listening(worker).get(30, TimeUnit.SECONDS);
        List<String> events = new CopyOnWriteArrayList<>();
        worker.onDisconnect(() -> events.add("disconnect"));
        worker.onExit(s -> events.add("exit"));

        CompletableFuture<Void> started = new CompletableFuture<>();
        worker.onOutput((w, err, line) -> {
            if (line.equals("slow request started")) {
                started.complete(null);
            }
        });
        CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + address.getPort() + "/slow?ms=1500")).build(),
                HttpResponse.BodyHandlers.ofString());
        started.get(20, TimeUnit.SECONDS); // the request is now in the handler
        worker.disconnect();

        HttpResponse<String> response = slow.get(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("slow done by " + worker.process().pid());
        assertThat(response.headers().firstValue("connection")).hasValue("close");
        assertThat(worker.exited().get(20, TimeUnit.SECONDS)).isEqualTo(new ExitStatus(0, null));
        assertThat(worker.exitedAfterDisconnect()).isTrue();
        assertThat(events).containsExactly("disconnect", "exit");
    }

    /** A worker may leave on its own with Cluster.worker().disconnect(): it exits 0 and is not a crash. */
    @Test
    void aWorkerThatDisconnectsItselfExitedAfterDisconnect() throws Exception {
        Worker worker = Cluster.fork(Map.of("NO_SERVER", "1"));
        ClusterTesting.ask(worker, Map.of("cmd", "echo"));
        worker.send(Map.of("cmd", "disconnect"));
        assertThat(worker.exited().get(20, TimeUnit.SECONDS).code()).isZero();
        assertThat(worker.exitedAfterDisconnect()).isTrue();
    }

    /**
     * test-cluster-bind-twice.js and test-cluster-shared-handle-bind-error.js: a port another
     * socket holds gives the worker EADDRINUSE whoever binds (the primary under ROUND_ROBIN and
     * SHARED, the worker itself under REUSEPORT); the worker never listens, and exits non-zero.
     */
    @ParameterizedTest
    @EnumSource(SchedulingPolicy.class)
    void listeningOnAPortInUseFailsTheWorker(SchedulingPolicy policy) throws Exception {
        ClusterTesting.setup(TestWorkerApp.class, policy);
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(false);
            taken.bind(new InetSocketAddress("127.0.0.1", 0), 50);
            Worker worker = Cluster.fork(Map.of("PORT", Integer.toString(taken.getLocalPort())));
            List<String> output = new CopyOnWriteArrayList<>();
            worker.onOutput((w, err, line) -> output.add(line));
            List<InetSocketAddress> listening = new CopyOnWriteArrayList<>();
            worker.onListening(listening::add);
            ExitStatus status = worker.exited().get(30, TimeUnit.SECONDS);
            assertThat(status.code()).isEqualTo(1);
            assertThat(String.join("\n", output)).contains("Address already in use");
            assertThat(listening).isEmpty();
        }
    }

    /**
     * A listener that throws an Error (here the kind a missing class gives) is logged like one that
     * throws an exception: the worker's exit still completes and it leaves Cluster.workers().
     */
    @Test
    void aListenerThatThrowsAnErrorDoesNotStopTheWorkersExit() throws Exception {
        Worker worker = Cluster.fork(Map.of("NO_SERVER", "1"));
        ClusterTesting.ask(worker, Map.of("cmd", "echo"));
        List<String> heard = new CopyOnWriteArrayList<>();
        worker.onExit(s -> {
            throw new NoClassDefFoundError("com/example/MissingMetrics");
        });
        try (Subscription s = Cluster.onExit((w, status) -> heard.add("exit " + w.id()))) {
            worker.kill();
            assertThat(worker.exited().get(20, TimeUnit.SECONDS).signal()).isEqualTo("SIGTERM");
            assertThat(heard).containsExactly("exit " + worker.id());
            assertThat(Cluster.workers()).doesNotContainKey(worker.id());
        }
    }

    /** A message just under the limit goes both ways (the handshake's small frame limit is lifted after it). */
    @Test
    void aMessageJustUnderTheLimitRoundTrips() throws Exception {
        Worker worker = Cluster.fork(Map.of("NO_SERVER", "1"));
        String text = "z".repeat(Cluster.settings().maxMessageBytes() - 200);
        assertThat(ClusterTesting.ask(worker, Map.of("cmd", "echo", "text", text)).path("text").asText()).isEqualTo(text);
    }

    /**
     * A worker may start a server when the primary tells it to, from its message listener: the
     * listener must not run on the IPC thread that the listen's own request to the primary needs.
     */
    @Test
    void aWorkerMayStartAServerFromAMessageListener() throws Exception {
        Worker worker = Cluster.fork(Map.of("NO_SERVER", "1"));
        CompletableFuture<InetSocketAddress> listening = ClusterTesting.listening(worker);
        int port = ClusterTesting.ask(worker, Map.of("cmd", "listen")).path("port").asInt();
        assertThat(listening.get(10, TimeUnit.SECONDS).getPort()).isEqualTo(port);
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.body()).isEqualTo("late server of " + worker.process().pid());
    }

    /** A message sent before the worker is online fails with what to do instead. */
    @Test
    void sendingBeforeTheWorkerIsOnlineSaysToWaitForOnline() {
        Worker worker = Cluster.fork(Map.of("NO_SERVER", "1", "CONNECT_DELAY_MS", "2000"));
        assertThatThrownBy(() -> worker.send(Map.of("cmd", "echo")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("worker " + worker.id()).hasMessageContaining("onOnline");
    }

    /** Messages round-trip as JSON; one over the limit is refused before anything is sent. */
    @Test
    void messagesRoundTripAndOversizedOnesAreRefused() throws Exception {
        Worker worker = Cluster.fork(Map.of("NO_SERVER", "1"));
        JsonNode echoed = ClusterTesting.ask(worker, Map.of("cmd", "echo", "list", List.of(1, 2, 3), "text", "żółw"));
        assertThat(echoed.path("text").asText()).isEqualTo("żółw");
        assertThat(echoed.path("list")).hasSize(3);

        String huge = "x".repeat(Cluster.settings().maxMessageBytes() + 1);
        assertThatThrownBy(() -> worker.send(Map.of("cmd", "echo", "huge", huge)).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(dev.clusterlab.ipc.MessageTooLargeException.class);
        assertThat(ClusterTesting.ask(worker, Map.of("cmd", "echo", "after", "still connected")).path("after").asText())
                .isEqualTo("still connected");
    }

}
