package dev.clusterlab.cluster;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A standby's server under {@link SchedulingPolicy#REUSEPORT}: nothing is bound until
 * {@link #bind()} (its promotion), since a bound SO_REUSEPORT socket would get its share of the
 * port's connections at once. Closed before then, it never binds.
 */
final class DeferredBinding implements ServerBinding {
    private static final Logger LOG = LoggerFactory.getLogger(DeferredBinding.class);
    private final ServerBootstrap server;
    private final InetSocketAddress address;
    private Channel listener;
    private boolean closed;

    DeferredBinding(ServerBootstrap server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** Binds now, without waiting (it may run on the IPC event loop); a failure is logged. */
    synchronized void bind() {
        if (closed || listener != null) {
            return;
        }
        listener = server.bind(address).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.error("the promoted standby cannot bind {}: {}", address, f.cause().toString());
            }
        }).channel();
    }

    @Override
    public InetSocketAddress localAddress() {
        return address;
    }

    @Override
    public synchronized CompletableFuture<Void> close() {
        closed = true;
        if (listener == null) {
            return CompletableFuture.completedFuture(null);
        }
        return new ChannelBinding(listener).close();
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed && (listener == null || listener.isOpen());
    }
}
