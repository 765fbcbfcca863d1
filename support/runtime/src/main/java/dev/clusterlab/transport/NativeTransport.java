package dev.clusterlab.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueChannelOption;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerDomainSocketChannel;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.channel.unix.ServerDomainSocketChannel;

import java.util.concurrent.ThreadFactory;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Netty's native transport for this OS: epoll on Linux, kqueue on macOS.
 *
 * <p>clusterlab needs a native transport because the JDK's NIO cannot set SO_REUSEPORT on every
 * platform nor pass file descriptors over Unix domain sockets. Elsewhere {@link #get()} fails
 * with a message that says so, instead of a class-loading error deep in a worker.
 */
public enum NativeTransport {
    /** Linux. */
    EPOLL(EpollIoHandler::newFactory, EpollServerSocketChannel.class, EpollDomainSocketChannel.class,
            EpollServerDomainSocketChannel.class, EpollChannelOption.SO_REUSEPORT,
            EpollSocketChannel::new, EpollServerSocketChannel::new),
    /** macOS and the BSDs. */
    KQUEUE(KQueueIoHandler::newFactory, KQueueServerSocketChannel.class, KQueueDomainSocketChannel.class,
            KQueueServerDomainSocketChannel.class, KQueueChannelOption.SO_REUSEPORT,
            KQueueSocketChannel::new, KQueueServerSocketChannel::new);

    /** A supplier, because creating the other OS's factory would load its native library. */
    private final Supplier<IoHandlerFactory> ioHandlerFactory;
    private final Class<? extends ServerChannel> serverSocketChannel;
    private final Class<? extends DomainSocketChannel> domainSocketChannel;
    private final Class<? extends ServerDomainSocketChannel> serverDomainSocketChannel;
    private final ChannelOption<Boolean> reusePort;
    private final IntFunction<Channel> adoptSocket;
    private final IntFunction<ServerChannel> adoptServerSocket;

    NativeTransport(Supplier<IoHandlerFactory> ioHandlerFactory, Class<? extends ServerChannel> serverSocketChannel,
                    Class<? extends DomainSocketChannel> domainSocketChannel,
                    Class<? extends ServerDomainSocketChannel> serverDomainSocketChannel,
                    ChannelOption<Boolean> reusePort, IntFunction<Channel> adoptSocket,
                    IntFunction<ServerChannel> adoptServerSocket) {
        this.ioHandlerFactory = ioHandlerFactory;
        this.serverSocketChannel = serverSocketChannel;
        this.domainSocketChannel = domainSocketChannel;
        this.serverDomainSocketChannel = serverDomainSocketChannel;
        this.reusePort = reusePort;
        this.adoptSocket = adoptSocket;
        this.adoptServerSocket = adoptServerSocket;
    }

    /**
     * The transport of this machine.
     *
     * @throws UnsupportedOperationException naming the cause when neither epoll nor kqueue loads
     */
    public static NativeTransport get() {
        if (Epoll.isAvailable()) {
            return EPOLL;
        }
        if (KQueue.isAvailable()) {
            return KQUEUE;
        }
        Throwable cause = Epoll.unavailabilityCause();
        throw new UnsupportedOperationException("clusterlab needs Netty's native transport (epoll on Linux,"
                + " kqueue on macOS) for its IPC sockets and every scheduling policy, and neither loads on "
                + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + cause
                + ". Run on Linux or macOS (x86_64 or aarch64), and pass --enable-native-access=ALL-UNNAMED"
                + " to the JVM.", cause);
    }

    /** A group of {@code threads} event loops on this transport, with named threads. */
    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, ioHandlerFactory.get());
    }

    /** The TCP server channel class. */
    public Class<? extends ServerChannel> serverSocketChannel() {
        return serverSocketChannel;
    }

    /** The Unix domain socket client channel class. */
    public Class<? extends DomainSocketChannel> domainSocketChannel() {
        return domainSocketChannel;
    }

    /** The Unix domain socket server channel class. */
    public Class<? extends ServerDomainSocketChannel> serverDomainSocketChannel() {
        return serverDomainSocketChannel;
    }

    /** The SO_REUSEPORT option of this transport. */
    public ChannelOption<Boolean> reusePortOption() {
        return reusePort;
    }

    /** A TCP channel, not yet registered, around a connected socket's file descriptor (one passed to us). */
    public Channel adoptSocket(int fd) {
        return adoptSocket.apply(fd);
    }

    /** A TCP server channel, not yet registered, around a listening socket's file descriptor. */
    public ServerChannel adoptServerSocket(int fd) {
        return adoptServerSocket.apply(fd);
    }
}
