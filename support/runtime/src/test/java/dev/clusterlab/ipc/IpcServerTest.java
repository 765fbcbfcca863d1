package dev.clusterlab.ipc;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterlab.json.Json;
import dev.clusterlab.transport.NamedThreads;
import dev.clusterlab.transport.NativeTransport;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The primary's IPC socket against bad clients: garbage, oversized frames, wrong proofs and
 * silence each close only that connection, while a real worker's connection keeps working.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IpcServerTest {
    private static final int MAX = 4096;
    private final String secret = Handshake.newSecret();
    private final List<Integer> admitted = new CopyOnWriteArrayList<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private EventLoopGroup group;
    private PrivateSocketDir dir;
    private IpcServer server;
    private IpcChannel good;

    @BeforeEach
    void start() throws Exception {
        group = NativeTransport.get().newGroup(1, NamedThreads.daemon("ipc-test"));
        dir = PrivateSocketDir.create();
        server = IpcServer.start(dir.socket("primary.sock"), secret, MAX, group, (id, pid, ch, hello) -> {
            admitted.add(id);
            ch.onFrame(frame -> {
                received.add(frame);
                ch.send(Frames.of("echo").set("body", frame));
            });
            ch.send(Frames.of("welcome"));
            return null;
        });
        good = IpcClient.connect(server.socket(), secret, 1, MAX, group).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        dir.close();
    }

    @Test
    void theSocketDirectoryIsPrivateToThisUser() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path()))).isEqualTo("rwx------");
    }

    @Test
    void garbageClosesOnlyThatConnection() throws Exception {
        assertThat(closedByServerAfterSending(frame("this is not json".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(closedByServerAfterSending(frame("[1,2,3]".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(closedByServerAfterSending(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2})).isTrue();
        assertGoodConnectionStillWorks();
    }

    @Test
    void anOversizedFrameClosesOnlyThatConnection() throws Exception {
        byte[] big = ("{\"act\":\"hello\",\"pad\":\"" + "x".repeat(MAX) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(closedByServerAfterSending(frame(big))).isTrue();
        assertGoodConnectionStillWorks();
    }

    @Test
    void aWrongProofIsRefused() throws Exception {
        byte[] hello = "{\"act\":\"hello\",\"id\":2,\"proof\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(IpcServer.class);
        logger.addAppender(log);
        try {
            assertThat(closedByServerAfterSending(frame(hello))).isTrue();
        } finally {
            logger.detachAppender(log);
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .as("the refusal names who was refused").anySatisfy(m -> assertThat(m)
                        .contains("pid " + ProcessHandle.current().pid()).contains("wrong proof"));
        assertThat(admitted).containsExactly(1);
        CompletableFuture<IpcChannel> impostor = IpcClient.connect(server.socket(), Handshake.newSecret(), 3, MAX, group);
        assertThat(impostor).failsWithin(10, TimeUnit.SECONDS);
        assertThat(admitted).containsExactly(1);
        assertGoodConnectionStillWorks();
    }

    /**
     * Before the handshake only a hello is expected, and a hello is small: a client that announces a
     * larger frame is closed at once, before the primary buffers (or parses) a byte of it.
     */
    @Test
    void beforeTheHandshakeAFrameLargerThanAHelloClosesTheConnectionAtOnce() throws Exception {
        assertThat(closedByServerAfterSending(ByteBuffer.allocate(4).putInt(MAX / 2).array(), Duration.ofSeconds(3)))
                .as("closed long before the handshake timeout").isTrue();
        assertGoodConnectionStillWorks();
    }

    /**
     * After the handshake the connection may use the whole frame limit: a frame of exactly
     * {@code maxFrameBytes} of JSON, which the sender's encoder lets through, is read, not taken
     * for an oversized frame that closes the connection.
     */
    @Test
    void aFrameOfExactlyTheLimitIsDelivered() throws Exception {
        ObjectNode big = Frames.of("big");
        big.put("pad", "x".repeat(MAX - Json.mapper().writeValueAsBytes(big.deepCopy().put("pad", "")).length));
        assertThat(Json.mapper().writeValueAsBytes(big)).hasSize(MAX);
        good.send(big).get(10, TimeUnit.SECONDS);
        assertGoodConnectionStillWorks();
        assertThat(received).extracting(Frames::act).containsExactly("big", "ping");
    }

    /** A frame the worker sends right behind its hello, in the same write, is read under the full limit. */
    @Test
    void aLargeFrameRightBehindTheHelloIsRead() throws Exception {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(server.socket()));
            JsonNode challenge = readFrame(raw);
            byte[] hello = Json.mapper().writeValueAsBytes(Frames.of("hello").put("id", 7)
                    .put("proof", Handshake.proof(secret, challenge.path("nonce").asText(), 7)));
            byte[] big = Json.mapper().writeValueAsBytes(Frames.of("big").put("pad", "y".repeat(MAX - 100)));
            raw.write(ByteBuffer.wrap(concat(frame(hello), frame(big))));
            assertThat(readFrame(raw).path("act").asText()).isEqualTo("welcome");
            JsonNode echo = readFrame(raw);
            assertThat(echo.path("body").path("pad").asText()).hasSize(MAX - 100);
        }
        assertThat(admitted).containsExactly(1, 7);
    }

    /** Nothing but a hello is accepted first, not even a frame that looks like a reply. */
    @Test
    void aFirstFrameOtherThanHelloIsRefusedAtOnceEvenAReply() throws Exception {
        byte[] reply = "{\"act\":\"reply\",\"ack\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(closedByServerAfterSending(frame(reply), Duration.ofSeconds(3)))
                .as("closed long before the handshake timeout").isTrue();
        assertThat(admitted).containsExactly(1);
        assertGoodConnectionStillWorks();
    }

    private void assertGoodConnectionStillWorks() throws Exception {
        CompletableFuture<JsonNode> echo = new CompletableFuture<>();
        good.onFrame(echo::complete);
        good.send(Frames.of("ping").put("n", 42));
        assertThat(echo.get(10, TimeUnit.SECONDS).path("body").path("n").asInt()).isEqualTo(42);
    }

    /** Connects as a raw client, reads the challenge, sends {@code bytes}, and reports whether the server hung up. */
    private boolean closedByServerAfterSending(byte[] bytes) throws IOException {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(server.socket()));
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                raw.write(ByteBuffer.wrap(bytes));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < deadline) {
                    if (raw.read(buf) < 0) {
                        return true;
                    }
                    buf.clear();
                }
            } catch (IOException reset) {
                return true; // the server hung up while we were still writing: a reset is a close
            }
            return false;
        }
    }

    /** The same for a few bytes, but waiting at most {@code within} for the hang-up. */
    private boolean closedByServerAfterSending(byte[] bytes, Duration within) throws Exception {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(server.socket()));
            raw.configureBlocking(false);
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                raw.write(ByteBuffer.wrap(bytes));
                long deadline = System.nanoTime() + within.toNanos();
                while (System.nanoTime() < deadline) {
                    int n = raw.read(buf);
                    if (n < 0) {
                        return true;
                    }
                    buf.clear();
                    if (n == 0) {
                        Thread.sleep(20);
                    }
                }
            } catch (IOException reset) {
                return true;
            }
            return false;
        }
    }

    private static JsonNode readFrame(SocketChannel raw) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(4);
        readFully(raw, length);
        ByteBuffer body = ByteBuffer.allocate(length.flip().getInt());
        readFully(raw, body);
        return Json.mapper().readTree(body.array());
    }

    private static void readFully(SocketChannel raw, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (raw.read(buf) < 0) {
                throw new IOException("closed by the server");
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    private static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }
}
