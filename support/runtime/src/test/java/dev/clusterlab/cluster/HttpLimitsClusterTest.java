package dev.clusterlab.cluster;

import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import dev.clusterlab.http.HttpLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP limits in workers, under each scheduling policy: a timeout or a refused connection is
 * counted in {@link Worker#stats()}, and under ROUND_ROBIN a worker at its
 * {@link HttpLimits#maxConnections()} is skipped by the primary instead of refusing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpLimitsClusterTest {

    @AfterEach
    void killLeftovers() {
        ClusterTesting.killAll();
    }

    private static int start(SchedulingPolicy policy, Map<String, String> env) throws Exception {
        ClusterTesting.setup(TestWorkerApp.class, policy);
        return ClusterTesting.listening(Cluster.fork(env)).get(30, TimeUnit.SECONDS).getPort();
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        return socket;
    }

    /** Sends {@code request} and reads until {@code marker} (or the close, or 5 s). */
    private static String exchange(Socket socket, String request, String marker) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while (!out.toString(StandardCharsets.ISO_8859_1).contains(marker) && (n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what came so far
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    /** A slow head is cut with 408 under every policy, and the worker counts it. */
    @ParameterizedTest
    @EnumSource(SchedulingPolicy.class)
    void aHeadersTimeoutIsCountedInWorkerStats(SchedulingPolicy policy) throws Exception {
        int port = start(policy, Map.of(HttpLimits.ENV_HEADERS_TIMEOUT, "1s"));
        try (Socket slow = connect(port)) {
            assertThat(exchange(slow, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a", "\u0000never"))
                    .startsWith("HTTP/1.1 408");
        }
        Worker worker = Cluster.workers().values().iterator().next();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(worker.stats().headersTimeouts()).isEqualTo(1));
    }

    /** Where the kernel picks the worker, a connection past its maximum is closed at once and counted. */
    @ParameterizedTest
    @EnumSource(value = SchedulingPolicy.class, names = {"SHARED", "REUSEPORT"})
    void pastMaxConnectionsAConnectionIsRefusedAndCounted(SchedulingPolicy policy) throws Exception {
        int port = start(policy, Map.of(HttpLimits.ENV_MAX_CONNECTIONS, "1"));
        try (Socket held = connect(port); Socket refused = connect(port)) {
            assertThat(exchange(held, GET, "pid")).startsWith("HTTP/1.1 200");
            assertThat(exchange(refused, GET, "pid")).isEmpty();
        }
        Worker worker = Cluster.workers().values().iterator().next();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(worker.stats().refused()).isEqualTo(1));
    }

    /**
     * Under ROUND_ROBIN, worker 1 allows two connections and worker 2 any number: once worker 1
     * holds two, every new connection goes to worker 2 (none is refused); when one of worker 1's
     * closes, it gets connections again.
     */
    @Test
    void underRoundRobinAFullWorkerIsSkippedUntilItHasRoomAgain() throws Exception {
        ClusterTesting.setup(TestWorkerApp.class, SchedulingPolicy.ROUND_ROBIN);
        Worker small = Cluster.fork(Map.of(HttpLimits.ENV_MAX_CONNECTIONS, "2"));
        int port = ClusterTesting.listening(small).get(30, TimeUnit.SECONDS).getPort();
        Worker big = Cluster.fork();
        ClusterTesting.listening(big).get(30, TimeUnit.SECONDS);
        String smallOne = "worker " + small.id() + " ";
        List<Socket> toSmall = new ArrayList<>();
        List<Socket> held = new ArrayList<>();
        try {
            while (toSmall.size() < 2) {
                Socket socket = connect(port);
                held.add(socket);
                String answer = exchange(socket, GET, "pid");
                assertThat(answer).startsWith("HTTP/1.1 200");
                if (answer.contains(smallOne)) {
                    toSmall.add(socket);
                }
            }
            for (int i = 0; i < 10; i++) {
                Socket socket = connect(port);
                held.add(socket);
                assertThat(exchange(socket, GET, "pid")).as("connection %d after worker %d is full", i, small.id())
                        .startsWith("HTTP/1.1 200").doesNotContain(smallOne);
            }
            toSmall.getFirst().close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Socket socket = connect(port);
                held.add(socket);
                assertThat(exchange(socket, GET, "pid")).startsWith("HTTP/1.1 200").contains(smallOne);
            });
            assertThat(small.stats().refused()).isZero();
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
