package dev.clusterlab.http;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.ServerBinding;
import dev.clusterlab.transport.NamedThreads;
import dev.clusterlab.transport.NativeTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A listening {@link HttpApp}. {@link #close()} is graceful: it stops accepting, lets requests in
 * flight finish (their responses say {@code Connection: close}), closes idle keep-alive
 * connections, and after a deadline closes whatever is left.
 */
public final class HttpServer {
    /** How long {@link #close()} waits for requests in flight. */
    public static final Duration DEFAULT_CLOSE_DEADLINE = Duration.ofSeconds(30);

    private final EventLoopGroup group;
    private final ExecutorService handlerThreads;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean closing;
    /** Volatile: a passed connection may be served before {@link #bound} runs. */
    private volatile ServerBinding binding;
    private Duration closeDeadline;
    private java.util.concurrent.Future<?> deadlineTask;

    private HttpServer(EventLoopGroup group, ExecutorService handlerThreads) {
        this.group = group;
        this.handlerThreads = handlerThreads;
    }

    static HttpServer start(String host, int port, Routes routes, Execution execution, int eventLoops,
                            HttpLimits limits) {
        NativeTransport transport = NativeTransport.get();
        EventLoopGroup group = transport.newGroup(eventLoops, NamedThreads.of("http"));
        ExecutorService handlerThreads = execution == Execution.VIRTUAL_THREADS
                ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-handler-", 0).factory())
                : null;
        HttpServer server = new HttpServer(group, handlerThreads);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Connection connection = new Connection(server, routes, handlerThreads);
                        ch.pipeline()
                                .addLast(new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                                .addLast(new HttpServerCodec(limits.maxInitialLineBytes(), limits.maxHeaderBytes(), 8192))
                                .addLast(connection.intake())
                                .addLast(connection.aggregator(limits.maxBodyBytes()))
                                .addLast(connection);
                    }
                });
        try {
            server.bound(Cluster.listen(bootstrap, host, port, server::close));
        } catch (Exception e) { // Netty rethrows a failed bind's checked IOException unchecked
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return server;
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return binding.localAddress();
    }

    /** The bound port. */
    public int port() {
        return address().getPort();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosing() {
        return closing;
    }

    /** Completes when the server is closed and its threads are stopped. */
    public CompletableFuture<Void> closeFuture() {
        return closed.copy();
    }

    /** Closes gracefully within {@link #DEFAULT_CLOSE_DEADLINE}. */
    public CompletableFuture<Void> close() {
        return close(DEFAULT_CLOSE_DEADLINE);
    }

    /** Closes gracefully; connections still busy after {@code deadline} (null: the default) are cut. */
    public synchronized CompletableFuture<Void> close(Duration deadline) {
        if (!closing) {
            closing = true;
            closeDeadline = deadline == null ? DEFAULT_CLOSE_DEADLINE : deadline;
            if (binding != null) {
                beginClose();
            }
        }
        return closed.copy();
    }

    /**
     * Records the listening channel. In a worker, the primary's disconnect may call {@link #close}
     * between the bind and this moment; the close then starts here.
     */
    private synchronized void bound(ServerBinding bound) {
        binding = bound;
        if (closing) {
            beginClose();
        }
    }

    private void beginClose() {
        deadlineTask = group.schedule(() -> connections.forEach(Connection::forceClose),
                closeDeadline.toMillis(), TimeUnit.MILLISECONDS);
        binding.close().whenComplete((ok, error) -> {
            connections.forEach(Connection::closeIfIdle);
            closeIfDrained();
        });
    }

    void requestServed() {
        ServerBinding bound = binding;
        if (bound != null) {
            bound.requestServed();
        }
    }

    void opened(Connection connection) {
        connections.add(connection);
        if (closing) {
            connection.closeIfIdle();
        }
    }

    void closed(Connection connection) {
        connections.remove(connection);
        closeIfDrained();
    }

    private synchronized void closeIfDrained() {
        if (closing && connections.isEmpty() && binding != null && !binding.isOpen() && !closed.isDone()) {
            deadlineTask.cancel(false);
            if (handlerThreads != null) {
                handlerThreads.shutdown();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).addListener(f -> closed.complete(null));
        }
    }
}
