package dev.clusterlab.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import dev.clusterlab.transport.NativeTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The primary's end of IPC: a Unix domain socket server that admits a connection only after the
 * worker proves it holds the cluster secret for a worker id the primary is waiting for.
 */
public final class IpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IpcServer.class);
    private static final long HANDSHAKE_TIMEOUT_MS = 10_000;
    /**
     * The frame limit until the handshake is done: a hello is about 100 bytes, and a connection that
     * has proved nothing must not make the primary buffer or parse a large frame.
     */
    private static final int HANDSHAKE_MAX_FRAME_BYTES = 1024;

    /** Decides what an authenticated connection belongs to. */
    public interface Gate {
        /**
         * Called on the event loop once a connection proved the secret for {@code workerId}. An
         * admitted connection's owner sends {@code welcome} when it is ready for the peer.
         *
         * @param peerPid the connecting process id from the kernel (SO_PEERCRED), or -1 if unknown
         * @param hello   the worker's hello frame, with any fields it added (what the connection is for)
         * @return null to admit it, or the reason to refuse it
         */
        String admit(int workerId, long peerPid, IpcChannel channel, JsonNode hello);
    }

    private final Channel server;
    private final Path socket;

    private IpcServer(Channel server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    /** Listens on {@code socket}; connections are handed to {@code gate} after the handshake. */
    public static IpcServer start(Path socket, String secret, int maxFrameBytes, EventLoopGroup group, Gate gate) {
        NativeTransport transport = NativeTransport.get();
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(transport.serverDomainSocketChannel())
                .childHandler(new ChannelInitializer<DomainSocketChannel>() {
                    @Override
                    protected void initChannel(DomainSocketChannel ch) {
                        greet(ch, secret, maxFrameBytes, gate);
                    }
                })
                .bind(new DomainSocketAddress(socket.toString()))
                .syncUninterruptibly()
                .channel();
        return new IpcServer(server, socket);
    }

    // tag::greet[]
    private static void greet(DomainSocketChannel ch, String secret, int maxFrameBytes, Gate gate) {
        long peerPid = peerPid(ch);
        IpcChannel ipc = IpcChannel.install(ch, Math.min(HANDSHAKE_MAX_FRAME_BYTES, maxFrameBytes), "pid " + peerPid);
        String nonce = Handshake.newNonce();
        ScheduledFuture<?> timeout = ch.eventLoop().schedule(
                () -> refuse(ipc, "no handshake within " + HANDSHAKE_TIMEOUT_MS + " ms"),
                HANDSHAKE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(f -> timeout.cancel(false)); // a client that left was not "silent"
        ipc.onFrame(frame -> {
            timeout.cancel(false);
            String refusal = check(frame, secret, nonce);
            if (refusal == null) {
                refusal = gate.admit(frame.path("id").asInt(), peerPid, ipc, frame);
            }
            if (refusal != null) {
                refuse(ipc, refusal);
            } else {
                // Admitted: from now on the whole frame limit. Runs before the next byte is read.
                ch.pipeline().replace("frame-decoder", "frame-decoder", new FrameDecoder(maxFrameBytes));
                ch.pipeline().replace("frame-encoder", "frame-encoder", new FrameEncoder(maxFrameBytes));
            }
        });
        ipc.send(Frames.of("challenge").put("nonce", nonce));
    }

    private static String check(JsonNode frame, String secret, String nonce) {
        if (!"hello".equals(Frames.act(frame)) || !frame.path("id").isInt()) {
            return "expected a hello frame first, got " + Frames.act(frame);
        }
        if (!Handshake.verify(secret, nonce, frame.path("id").asInt(), frame.path("proof").asText(null))) {
            return "wrong proof of the cluster secret";
        }
        return null;
    }
    // end::greet[]

    private static void refuse(IpcChannel ipc, String reason) {
        LOG.warn("refused IPC connection from {}: {}", ipc.peerName(), reason);
        ipc.close();
    }

    /** The kernel's word on who connected; only epoll exposes it. */
    private static long peerPid(DomainSocketChannel ch) {
        try {
            Method m = ch.getClass().getMethod("peerCredentials");
            return ((PeerCredentials) m.invoke(ch)).pid();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    /** The socket's path. */
    public Path socket() {
        return socket;
    }

    /** Stops listening; open connections stay open. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
