package dev.clusterlab.cluster;

import dev.clusterlab.ipc.Frames;
import dev.clusterlab.ipc.IpcChannel;
import dev.clusterlab.transport.NativeTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker's server under {@link SchedulingPolicy#ROUND_ROBIN}: it binds nothing, and serves the
 * connections the primary passes on its socket-passing connection (the worker side of
 * {@link RoundRobinHandle}). It acknowledges what it took, with the count of its connections that
 * closed since (what the primary's {@link Scheduler} sees as open), in one frame per turn of its
 * event loop: the link and the connections share that loop, so a busy loop sends few frames.
 *
 * <p>Closing it closes that connection: the primary then sends nothing more, and hands whatever
 * this worker did not acknowledge to the others.
 */
final class RoundRobinBinding extends ChannelInboundHandlerAdapter implements ServerBinding {
    private static final Logger LOG = LoggerFactory.getLogger(RoundRobinBinding.class);

    private final IpcChannel link;
    private final ServerBootstrap server;
    private final InetSocketAddress address;
    /** Taken since the last acknowledgement; on the link's event loop only. */
    private int taken;
    private final AtomicLong closedSinceReport = new AtomicLong();
    private final AtomicBoolean reportQueued = new AtomicBoolean();
    private volatile boolean open = true;
    /** The server has its maximum of connections; {@link #fullSent} is what the primary last heard. */
    private volatile boolean full;
    private boolean fullSent;

    private RoundRobinBinding(IpcChannel link, ServerBootstrap server, InetSocketAddress address) {
        this.link = link;
        this.server = server;
        this.address = address;
    }

    /** Starts taking connections on {@code link} (from {@link PassedSockets#connect}) for {@code server}. */
    static RoundRobinBinding start(IpcChannel link, ServerBootstrap server, InetSocketAddress address) {
        RoundRobinBinding binding = new RoundRobinBinding(link, server, address);
        link.channel().eventLoop().submit(() -> link.channel().pipeline().addLast("adopt", binding))
                .syncUninterruptibly();
        link.closeFuture().thenRun(() -> binding.open = false);
        link.send(Frames.of("ready"));
        return binding;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FileDescriptor fd)) {
            ReferenceCountUtil.release(msg); // the primary passes descriptors only
            return;
        }
        taken++;
        reportSoon();
        Channel connection;
        try {
            connection = NativeTransport.get().adoptSocket(fd.intValue());
        } catch (RuntimeException e) {
            LOG.warn("cannot serve a connection the primary passed (fd {}): {}", fd.intValue(), e.toString());
            closeQuietly(fd);
            return;
        }
        connection.closeFuture().addListener(f -> connectionClosed());
        Adoption.connection(server, connection).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warn("cannot register a passed connection: {}", f.cause().toString());
                connection.unsafe().closeForcibly();
            }
        });
    }

    private void connectionClosed() {
        closedSinceReport.incrementAndGet();
        reportSoon();
    }

    /** Queues one report behind what the loop is doing now; later calls until it runs join it. */
    private void reportSoon() {
        if (reportQueued.compareAndSet(false, true)) {
            link.channel().eventLoop().execute(this::report);
        }
    }

    /** One frame for everything taken and closed since the last one, and one if fullness changed. */
    private void report() {
        reportQueued.set(false);
        long closed = closedSinceReport.getAndSet(0);
        if ((taken > 0 || closed > 0) && link.isOpen()) {
            link.send(Frames.of("ack").put("n", taken).put("closed", closed));
            taken = 0;
        }
        boolean fullNow = full;
        if (fullNow != fullSent && link.isOpen()) {
            link.send(Frames.of("full").put("full", fullNow));
            fullSent = fullNow;
        }
    }

    /** The primary skips this worker while it is full (its connections at {@code maxConnections}). */
    @Override
    public void full(boolean isFull) {
        full = isFull;
        reportSoon();
    }

    @Override
    public InetSocketAddress localAddress() {
        return address;
    }

    @Override
    public CompletableFuture<Void> close() {
        open = false;
        CompletableFuture<Void> closed = new CompletableFuture<>();
        link.channel().eventLoop().execute(() -> {
            report(); // what was taken is served here; the rest goes back to the primary
            link.close().thenRun(() -> closed.complete(null));
        });
        return closed;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private static void closeQuietly(FileDescriptor fd) {
        try {
            fd.close();
        } catch (IOException ignored) {
            // nothing more to do with a descriptor we could not use
        }
    }
}
