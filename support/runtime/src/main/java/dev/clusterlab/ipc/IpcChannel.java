package dev.clusterlab.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One end of an IPC connection: sends frames, matches replies to requests (Node's
 * {@code sendHelper} with {@code seq}/{@code ack}), and hands every other frame to a listener.
 *
 * <p>A connection that sends a bad frame is closed with its reason logged; nothing else is touched.
 */
public final class IpcChannel {
    private static final Logger LOG = LoggerFactory.getLogger(IpcChannel.class);

    private final Channel channel;
    private final String peerName;
    private final AtomicLong seq = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private volatile Consumer<JsonNode> listener = frame -> { };
    /** Frames held between {@link #hold()} and the next {@link #onFrame}; event loop only. */
    private java.util.Queue<JsonNode> held;

    private IpcChannel(Channel channel, String peerName) {
        this.channel = channel;
        this.peerName = peerName;
        channel.closeFuture().addListener(f -> failPending());
    }

    /** Adds the framing and dispatch handlers to {@code channel}'s pipeline. */
    public static IpcChannel install(Channel channel, int maxFrameBytes, String peerName) {
        IpcChannel ipc = new IpcChannel(channel, peerName);
        channel.pipeline()
                .addLast("frame-decoder", new FrameDecoder(maxFrameBytes))
                .addLast("frame-encoder", new FrameEncoder(maxFrameBytes))
                .addLast("dispatch", ipc.new Dispatcher());
        return ipc;
    }

    /**
     * Sets who hears frames that are not replies, first handing it any frames held since
     * {@link #hold()}.
     */
    public void onFrame(Consumer<JsonNode> listener) {
        if (channel.eventLoop().inEventLoop()) {
            this.listener = listener;
            java.util.Queue<JsonNode> backlog = held;
            held = null;
            if (backlog != null) {
                backlog.forEach(listener);
            }
        } else {
            channel.eventLoop().execute(() -> onFrame(listener));
        }
    }

    /**
     * Holds incoming frames until the next {@link #onFrame}: for the moment between a handshake
     * and the owner's listener, when the peer may already be talking. Call on the event loop.
     */
    public void hold() {
        held = new java.util.ArrayDeque<>();
    }

    /** Sends a frame; the future fails if it could not be written (closed channel, too large). */
    public CompletableFuture<Void> send(ObjectNode frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.writeAndFlush(frame).addListener(f -> {
            if (f.isSuccess()) {
                done.complete(null);
            } else {
                Throwable cause = f.cause() instanceof io.netty.handler.codec.EncoderException e && e.getCause() != null
                        ? e.getCause() : f.cause();
                done.completeExceptionally(cause);
            }
        });
        return done;
    }

    /** Sends a frame with a fresh {@code seq} and completes with the peer's reply. */
    public CompletableFuture<JsonNode> request(ObjectNode frame, Duration timeout) {
        long id = seq.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        frame.put("seq", id);
        send(frame).whenComplete((ok, error) -> {
            if (error != null) {
                pending.remove(id);
                reply.completeExceptionally(error);
            }
        });
        channel.eventLoop().schedule(() -> {
            if (pending.remove(id) != null) {
                reply.completeExceptionally(new TimeoutException(
                        "no reply from " + peerName + " to " + Frames.act(frame) + " within " + timeout));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return reply;
    }

    /** Answers {@code request}: {@code reply} gets the request's {@code seq} as its {@code ack}. */
    public CompletableFuture<Void> reply(JsonNode request, ObjectNode reply) {
        reply.put("ack", request.path("seq").asLong());
        return send(reply);
    }

    /** Closes the connection; callers log why, where they know it. */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.close().addListener(f -> closed.complete(null));
        return closed;
    }

    /** Completes when the connection is closed, by either end. */
    public CompletableFuture<Void> closeFuture() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(f -> closed.complete(null));
        return closed;
    }

    /** Whether the connection is open. */
    public boolean isOpen() {
        return channel.isActive();
    }

    /** Who is at the other end, for messages: {@code primary}, or {@code pid N} as the kernel says. */
    public String peerName() {
        return peerName;
    }

    /** The Netty channel underneath. */
    public Channel channel() {
        return channel;
    }

    private void failPending() {
        IllegalStateException closed = new IllegalStateException("IPC channel to " + peerName + " closed");
        pending.values().forEach(f -> f.completeExceptionally(closed));
        pending.clear();
    }

    private final class Dispatcher extends SimpleChannelInboundHandler<JsonNode> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, JsonNode frame) {
            if (frame.has("ack")) {
                CompletableFuture<JsonNode> reply = pending.remove(frame.path("ack").asLong());
                if (reply != null) {
                    reply.complete(frame);
                    return;
                }
                // A reply to no request of ours (late, or a peer's trick before the handshake): the
                // listener hears it like any other frame, so a handshake can refuse it.
            }
            if (held != null) {
                held.add(frame);
                return;
            }
            try {
                listener.accept(frame);
            } catch (RuntimeException e) {
                LOG.error("IPC frame {} from {} failed its handler", Frames.act(frame), peerName, e);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            String reason = cause instanceof DecoderException && cause.getMessage() != null
                    ? cause.getMessage() : cause.toString();
            LOG.warn("closing IPC connection from {}: {}", peerName, reason);
            close();
        }
    }
}
