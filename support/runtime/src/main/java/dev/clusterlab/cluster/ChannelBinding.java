package dev.clusterlab.cluster;

import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** A {@link ServerBinding} that is a listening channel in this process (its own, or the primary's shared one). */
final class ChannelBinding implements ServerBinding {
    private final Channel listener;

    ChannelBinding(Channel listener) {
        this.listener = listener;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        listener.close().addListener(f -> closed.complete(null));
        return closed;
    }

    @Override
    public boolean isOpen() {
        return listener.isOpen();
    }
}
