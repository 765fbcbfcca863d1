package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import dev.clusterlab.ipc.Handshake;
import dev.clusterlab.ipc.IpcServer;
import dev.clusterlab.json.Json;
import dev.clusterlab.testkit.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bounded fuzzing of what a local process can reach: the primary's IPC socket (random, truncated,
 * oversized, misplaced and replayed frames) and a worker's HTTP port (garbage, huge heads, slow and
 * vanishing clients). Afterwards the cluster must serve as before, with the same workers, and the
 * primary must hold no more file descriptors than it did. The seed is printed so a failure can be
 * replayed with {@code -Dclusterlab.fuzz.seed=N}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FuzzTest {
    private static final long SEED = Long.getLong("clusterlab.fuzz.seed", System.nanoTime());
    private static final int ROUNDS = 300;

    @AfterEach
    void killLeftovers() {
        ClusterTesting.killAll();
    }

    @Test
    void theIpcSocketSurvivesGarbageAndKeepsItsWorkers() throws Exception {
        System.out.println("FuzzTest IPC seed " + SEED);
        Random random = new Random(SEED);
        List<Worker> workers = new ArrayList<>();
        int port = startCluster(workers);
        Object primary = ClusterTesting.field(Class.forName(Cluster.class.getName() + "$Role"), null, "PRIMARY");
        Path socket = ((IpcServer) ClusterTesting.field(Primary.class, primary, "ipcServer")).socket();
        String secret = (String) ClusterTesting.field(Primary.class, primary, "secret");
        long fdsBefore = ClusterTesting.openFds();

        List<SocketChannel> silent = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    client.connect(UnixDomainSocketAddress.of(socket));
                    String nonce = readFrame(client).path("nonce").asText();
                    byte[] attack = switch (random.nextInt(7)) {
                        case 0 -> randomBytes(random, 1 + random.nextInt(2048));
                        case 1 -> truncated(random, hello(secret, nonce, workers.getFirst().id()));
                        case 2 -> lengthOnly(random.nextBoolean() ? Integer.MAX_VALUE : -1 - random.nextInt(1000));
                        case 3 -> frame("{\"act\":\"message\",\"body\":{\"cmd\":\"exit\",\"code\":9}}");
                        // Worker 1 is connected: a proof that is right for it is still refused.
                        case 4 -> frame(hello(secret, nonce, workers.getFirst().id()));
                        // A proof recorded for another nonce: a replay.
                        case 5 -> frame(hello(secret, Handshake.newNonce(), workers.getLast().id()));
                        default -> frame("{\"act\":\"hello\",\"id\":" + random.nextInt() + ",\"proof\":\"x\"}");
                    };
                    client.write(ByteBuffer.wrap(attack));
                }
                if (round % 50 == 0) { // some clients that connect and say nothing, left open
                    SocketChannel mute = SocketChannel.open(StandardProtocolFamily.UNIX);
                    mute.connect(UnixDomainSocketAddress.of(socket));
                    silent.add(mute);
                }
            }
            assertServingAsBefore(workers, port);
        } finally {
            for (SocketChannel mute : silent) {
                mute.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ClusterTesting.openFds())
                .as("open fds of the primary, %d before %d hostile connections", fdsBefore, ROUNDS)
                .isLessThanOrEqualTo(fdsBefore + 5));
    }

    @Test
    void theHttpPortSurvivesGarbageAndKeepsItsWorkers() throws Exception {
        System.out.println("FuzzTest HTTP seed " + SEED);
        Random random = new Random(SEED);
        List<Worker> workers = new ArrayList<>();
        int port = startCluster(workers);
        List<Socket> slow = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                try (Socket client = new Socket()) {
                    client.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    client.setSoTimeout(5000);
                    OutputStream out = client.getOutputStream();
                    out.write(switch (random.nextInt(6)) {
                        case 0 -> randomBytes(random, 1 + random.nextInt(4096));
                        case 1 -> ("GET /" + "a".repeat(random.nextInt(20_000)) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1);
                        case 2 -> ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_000 + random.nextInt(60_000))
                                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                        case 3 -> ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + random.nextInt(1 << 30)
                                + "\r\n\r\nabc").getBytes(StandardCharsets.ISO_8859_1);
                        case 4 -> ("GET / HTTP/1.1\r\nHost: x\r\n").getBytes(StandardCharsets.ISO_8859_1); // and leave
                        default -> ("\u0000\u00ff GET / HTTP/9.9\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                    });
                    out.flush();
                } catch (IOException e) {
                    // The server may close on us mid-write: that is its right with such input.
                }
                if (round % 30 == 0) { // a slow client: half a request head, then nothing
                    Socket trickle = new Socket("127.0.0.1", port);
                    trickle.getOutputStream().write("GET / HTTP/1.1\r\nHo".getBytes(StandardCharsets.ISO_8859_1));
                    slow.add(trickle);
                }
            }
            assertServingAsBefore(workers, port);
        } finally {
            for (Socket trickle : slow) {
                trickle.close();
            }
        }
    }

    /** The same workers, alive and connected, answer HTTP in turn and round-trip messages. */
    private static void assertServingAsBefore(List<Worker> workers, int port) throws Exception {
        assertThat(workers).allSatisfy(w -> {
            assertThat(w.isDead()).as("worker %d is dead", w.id()).isFalse();
            assertThat(w.isConnected()).as("worker %d is connected", w.id()).isTrue();
        });
        assertThat(Cluster.workers().keySet()).containsExactlyInAnyOrderElementsOf(workers.stream().map(Worker::id).toList());
        Set<String> answered = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            answered.add(Http.getOnNewConnection(port, "/").body());
        }
        assertThat(answered).as("who answered 10 new connections").hasSize(workers.size());
        for (Worker w : workers) {
            assertThat(ClusterTesting.ask(w, Map.of("cmd", "echo", "n", w.id())).path("n").asInt()).isEqualTo(w.id());
        }
    }

    /** Forks two workers into {@code workers}; returns the port they share. */
    private static int startCluster(List<Worker> workers) throws Exception {
        ClusterTesting.setup(TestWorkerApp.class);
        List<java.util.concurrent.CompletableFuture<InetSocketAddress>> listening = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Worker worker = Cluster.fork();
            workers.add(worker);
            listening.add(ClusterTesting.listening(worker)); // before it can listen: the event is not replayed
        }
        int port = 0;
        for (java.util.concurrent.CompletableFuture<InetSocketAddress> address : listening) {
            port = address.get(30, TimeUnit.SECONDS).getPort();
        }
        return port;
    }

    private static String hello(String secret, String nonce, int id) {
        return "{\"act\":\"hello\",\"id\":" + id + ",\"proof\":\"" + Handshake.proof(secret, nonce, id) + "\"}";
    }

    private static byte[] frame(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private static byte[] truncated(Random random, String json) {
        byte[] whole = frame(json);
        return java.util.Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
    }

    private static byte[] lengthOnly(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static JsonNode readFrame(SocketChannel channel) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(4);
        while (length.hasRemaining()) {
            if (channel.read(length) < 0) {
                throw new IOException("closed before a frame");
            }
        }
        ByteBuffer body = ByteBuffer.allocate(length.flip().getInt());
        while (body.hasRemaining()) {
            if (channel.read(body) < 0) {
                throw new IOException("closed inside a frame");
            }
        }
        return Json.mapper().readTree(body.array());
    }
}
