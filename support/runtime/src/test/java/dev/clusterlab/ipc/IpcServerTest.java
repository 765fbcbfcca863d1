package dev.clusterlab.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.transport.NamedThreads;
import dev.clusterlab.transport.NativeTransport;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
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
    private EventLoopGroup group;
    private PrivateSocketDir dir;
    private IpcServer server;
    private IpcChannel good;

    @BeforeEach
    void start() throws Exception {
        group = NativeTransport.get().newGroup(1, NamedThreads.daemon("ipc-test"));
        dir = PrivateSocketDir.create();
        server = IpcServer.start(dir.socket("primary.sock"), secret, MAX, group, (id, pid, ch) -> {
            admitted.add(id);
            ch.onFrame(frame -> ch.send(Frames.of("echo").set("body", frame)));
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
        assertThat(closedByServerAfterSending(frame(hello))).isTrue();
        assertThat(admitted).containsExactly(1);
        CompletableFuture<IpcChannel> impostor = IpcClient.connect(server.socket(), Handshake.newSecret(), 3, MAX, group);
        assertThat(impostor).failsWithin(10, TimeUnit.SECONDS);
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

    private static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }
}
