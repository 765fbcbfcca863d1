package dev.clusterlab.cluster;

import dev.clusterlab.transport.NativeTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.net.InetSocketAddress;

/** The listening socket a primary holds for {@link RoundRobinHandle} and {@link SharedHandle}. */
final class PrimaryListener {
    /** Node's default backlog; the kernel caps it at net.core.somaxconn. */
    static final int BACKLOG = 511;

    private PrimaryListener() {
    }

    /**
     * Binds {@code host:port} on {@code group}.
     *
     * @param acceptor sees each accepted connection first (round-robin), or null to never accept
     *                 (shared: the workers accept on the passed socket)
     * @throws IOException when the address cannot be had, with the OS's reason (EADDRINUSE ...)
     */
    static Channel bind(EventLoopGroup group, String host, int port, ChannelHandler acceptor) throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NativeTransport.get().serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.AUTO_READ, acceptor != null)
                // Never used: the acceptor takes each connection before Netty would register it here.
                .childHandler(new ChannelInboundHandlerAdapter());
        if (acceptor != null) {
            bootstrap.handler(acceptor);
        }
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(host, port)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            bound.channel().close();
            throw new IOException(bound.cause().getMessage(), bound.cause());
        }
        return bound.channel();
    }
}
