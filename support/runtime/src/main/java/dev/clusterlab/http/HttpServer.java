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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listening {@link HttpApp}. {@link #close()} is graceful: it stops accepting, lets requests in
 * flight finish (their responses say {@code Connection: close}), closes idle keep-alive
 * connections, and after a deadline closes whatever is left.
 */
public final class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
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
    private final int maxConnections;
    /** Connections admitted and not closed yet, against {@link HttpLimits#maxConnections()}. */
    private final AtomicInteger admitted = new AtomicInteger();
    /** Each kind of cut connection is logged once; after that, only counted (Worker.stats in a cluster). */
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    private HttpServer(EventLoopGroup group, ExecutorService handlerThreads, int maxConnections) {
        this.group = group;
        this.handlerThreads = handlerThreads;
        this.maxConnections = maxConnections;
    }

    static HttpServer start(String host, int port, Routes routes, Execution execution, int eventLoops,
                            HttpLimits limits) {
        NativeTransport transport = NativeTransport.get();
        EventLoopGroup group = transport.newGroup(eventLoops, NamedThreads.of("http"));
        ExecutorService handlerThreads = execution == Execution.VIRTUAL_THREADS
                ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-handler-", 0).factory())
                : null;
        HttpServer server = new HttpServer(group, handlerThreads, limits.maxConnections());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (!server.admit(ch)) {
                            ch.close(); // past maxConnections: closed at once, as Node and nginx do
                            return;
                        }
                        Connection connection = new Connection(server, routes, handlerThreads, limits);
                        ch.pipeline()
                                .addLast(new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                                .addLast(connection.timeouts())
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

    /**
     * The event loops that serve this server's connections, for short tasks that must run on them,
     * such as a probe of their lag (Node's {@code monitorEventLoopDelay}). Never block in one.
     */
    public List<ScheduledExecutorService> eventLoops() {
        List<ScheduledExecutorService> loops = new ArrayList<>();
        group.forEach(loops::add);
        return List.copyOf(loops);
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

    /**
     * Takes a new connection if fewer than {@link HttpLimits#maxConnections()} are open, and tells
     * the binding when the server becomes full or has room again (under ROUND_ROBIN the primary
     * then skips this worker, or picks it again).
     */
    private boolean admit(Channel channel) {
        int open = admitted.incrementAndGet();
        if (open > maxConnections) {
            admitted.decrementAndGet();
            ServerBinding bound = binding;
            if (bound != null) {
                bound.connectionRefused();
            }
            logOnce("maxConnections", "{} connections are open, the maxConnections limit: closing new ones at once"
                    + " (counted in Worker.stats().refused(), not logged again)", maxConnections);
            return false;
        }
        if (open == maxConnections) {
            capacityChanged();
        }
        channel.closeFuture().addListener(f -> {
            if (admitted.getAndDecrement() == maxConnections) {
                capacityChanged();
            }
        });
        return true;
    }

    /** Under a lock, so that of two racing changes the last one tells the binding what is true now. */
    private synchronized void capacityChanged() {
        if (binding != null) {
            binding.full(admitted.get() >= maxConnections);
        }
    }

    void timedOut(RequestTimeouts.Timeout timeout) {
        ServerBinding bound = binding;
        if (bound != null) {
            if (timeout == RequestTimeouts.Timeout.HEADERS) {
                bound.headersTimedOut();
            } else {
                bound.requestTimedOut();
            }
        }
        logOnce(timeout.limit, "{} took longer than {}: answering 408 and closing such connections (counted in"
                + " Worker.stats().{}s(), not logged again)", timeout.what, timeout.limit, timeout.limit);
    }

    private void logOnce(String kind, String format, Object... args) {
        if (logged.add(kind)) {
            LOG.warn(format, args);
        }
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
