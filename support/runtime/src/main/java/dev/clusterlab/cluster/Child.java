package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.ipc.Frames;
import dev.clusterlab.ipc.Handshake;
import dev.clusterlab.ipc.IpcChannel;
import dev.clusterlab.ipc.IpcClient;
import dev.clusterlab.ipc.PrivateSocketDir;
import dev.clusterlab.json.Json;
import dev.clusterlab.transport.NamedThreads;
import dev.clusterlab.transport.NativeTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The worker's half of the cluster: Node's {@code lib/internal/cluster/child.js}.
 *
 * <p>A worker never outlives its primary: it exits when its IPC channel closes unexpectedly or
 * its stdin (a pipe from the primary) reaches end-of-file, which is what a killed primary leaves.
 */
final class Child implements CurrentWorker {
    private static final Logger LOG = LoggerFactory.getLogger(Child.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
    /** How long shutdown hooks may take before a worker whose primary is gone halts. */
    private static final long EXIT_GRACE_MS = 1500;

    private final Bootstrap bootstrap;
    private final EventLoopGroup ipcGroup;
    private final int id;
    private final IpcChannel ipc;
    private final List<Function<Duration, CompletableFuture<Void>>> servers = new CopyOnWriteArrayList<>();
    private final Listeners<Consumer<JsonNode>> message = new Listeners<>("message");
    /**
     * Runs message listeners one at a time, in order, off the IPC event loop: a listener may then
     * block on IPC itself (listen() asks the primary and waits for its reply, which that loop reads).
     */
    private final ExecutorService events = Executors.newSingleThreadExecutor(NamedThreads.daemon("cluster-worker-events"));
    /** Messages that came before the first listener: a worker's main cannot subscribe before it connects. */
    private final java.util.Queue<JsonNode> unheard = new java.util.ArrayDeque<>();
    private boolean heard;
    private final Listeners<Runnable> disconnect = new Listeners<>("disconnect");
    private final ServerCounters counters = new ServerCounters();
    private final ListenIndexes listenIndexes = new ListenIndexes();
    private volatile boolean disconnecting;
    private final WarmUp warmUp = new WarmUp();
    private final Promotion promotion;
    private final ServerCloses closes;

    private Child(Bootstrap bootstrap, EventLoopGroup ipcGroup, IpcChannel ipc) {
        this.bootstrap = bootstrap;
        this.ipcGroup = ipcGroup;
        this.id = bootstrap.id();
        this.ipc = ipc;
        this.promotion = new Promotion(bootstrap.standby(), events);
        this.closes = new ServerCloses(ipc);
    }

    // tag::start[]
    /** Reads the bootstrap from stdin, connects to the primary, and watches both for the end. */
    static Child start() {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Bootstrap bootstrap;
        try {
            bootstrap = Bootstrap.parse(stdin.readLine());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bootstrap record from stdin", e);
        }
        EventLoopGroup group = NativeTransport.get().newGroup(1, NamedThreads.of("cluster-ipc"));
        IpcChannel ipc;
        try {
            ipc = IpcClient.connect(Path.of(bootstrap.socket()), bootstrap.secret(), bootstrap.id(),
                    bootstrap.maxMessageBytes(), group).get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            System.err.println("worker " + bootstrap.id() + ": cannot connect to the primary at "
                    + bootstrap.socket() + ": " + e);
            Runtime.getRuntime().halt(1);
            throw new IllegalStateException(e);
        }
        exitOnUncaughtException();
        Child child = new Child(bootstrap, group, ipc);
        ipc.onFrame(child::received);
        child.counters.reportOn(ipc);
        ipc.closeFuture().thenRun(child::channelClosed);
        Thread.ofPlatform().daemon().name("cluster-stdin-watch").start(() -> {
            try {
                while (stdin.read() >= 0) {
                    // A primary writes nothing after the bootstrap; drain until it goes away.
                }
            } catch (IOException ignored) {
                // A broken pipe means the same as end-of-file.
            }
            // Only the primary's death closes our stdin; a SIGKILLed primary left its socket dir.
            PrivateSocketDir.delete(Path.of(bootstrap.socket()).getParent());
            exit(0, "the primary is gone (stdin closed)");
        });
        return child;
    }
    // end::start[]

    /**
     * As in Node, an uncaught exception ends a worker (exit code 1). Otherwise a worker whose main
     * thread failed would linger, kept alive by its IPC thread, online but serving nothing.
     */
    private static void exitOnUncaughtException() {
        if (Thread.getDefaultUncaughtExceptionHandler() == null) {
            Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
                System.err.print("worker: uncaught exception in thread \"" + thread.getName() + "\": ");
                error.printStackTrace();
                exit(1, null);
            });
        }
    }

    @Override
    public int id() {
        return id;
    }

    byte[] deriveKey(String purpose) {
        return Handshake.deriveKey(bootstrap.secret(), purpose);
    }

    @Override
    public CompletableFuture<Void> send(Object message) {
        return ipc.send(Frames.of("message").set("body", Json.toTree(message)));
    }

    @Override
    public Subscription onMessage(Consumer<JsonNode> listener) {
        Subscription subscription = message.add(listener);
        synchronized (unheard) {
            heard = true;
            unheard.forEach(listener);
            unheard.clear();
        }
        return subscription;
    }

    @Override
    public Subscription onDisconnect(Runnable listener) {
        return disconnect.add(listener);
    }

    @Override
    public CompletableFuture<Void> ready() {
        return ipc.send(Frames.of("ready"));
    }

    @Override
    public boolean isStandby() {
        return promotion.isStandby();
    }

    @Override
    public void onWarmUp(Runnable hook) {
        warmUp.add(hook);
    }

    @Override
    public Subscription onPromote(Runnable listener) {
        return promotion.onPromote(listener);
    }

    @Override
    public boolean isConnected() {
        return ipc.isOpen();
    }

    @Override
    public void disconnect() {
        Thread.ofPlatform().name("cluster-disconnect").start(() -> leave(false, null));
    }

    // tag::listen[]
    /**
     * Listens the cluster way: asks the primary how, then binds or takes sockets as told, then
     * reports listening. {@code gracefulClose} is what {@link #disconnect()} calls to close this server.
     */
    ServerBinding listen(ServerBootstrap server, String host, int port,
                         Function<Duration, CompletableFuture<Void>> gracefulClose) {
        String address = host + ":" + port;
        int index = listenIndexes.take(address);
        try {
            Granted granted = listen(server, host, port, index);
            ServerBinding binding = granted.binding();
            servers.add(gracefulClose);
            warmUp.run(); // before "listening": a standby is ready for promotion once it is warm
            ipc.send(Frames.of("listening").put("address", host).put("port", binding.localAddress().getPort())
                    .put("server", granted.server()));
            java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
            return new WorkerBinding(binding, counters, closed -> {
                if (!released.compareAndSet(false, true)) {
                    return closed;
                }
                listenIndexes.release(address, index);
                return closes.tell(granted.server(), closed);
            });
        } catch (RuntimeException e) {
            listenIndexes.release(address, index);
            throw e;
        }
    }

    /** What the primary granted: its handle's key, and where this server's connections come from. */
    private record Granted(String server, ServerBinding binding) {
    }

    private Granted listen(ServerBootstrap server, String host, int port, int index) {
        closes.await(QUERY_TIMEOUT); // a server closed just now is off its handle first: this listen is not a second one
        JsonNode reply;
        try {
            reply = ipc.request(Frames.of("queryServer").put("address", host).put("port", port).put("index", index),
                    QUERY_TIMEOUT).get(QUERY_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("worker " + id + ": the primary did not answer queryServer for "
                    + host + ":" + port + ": " + e.getMessage(), e);
        }
        if (reply.hasNonNull("error")) {
            throw new IllegalStateException(reply.get("error").asText());
        }
        InetSocketAddress granted = new InetSocketAddress(host, reply.path("port").asInt());
        countConnections(server);
        String key = reply.path("server").asText();
        // A standby's server is set up but takes nothing until promoted; the snapshot may be stale by
        // the time the binding exists, which whenPromoted() then makes up for at once.
        boolean standby = promotion.isStandby();
        return new Granted(key, switch (SchedulingPolicy.valueOf(reply.path("policy").asText())) {
            // The link lives on the server's own loops: a passed connection is registered without a thread hop.
            // A standby's link is made now too: the primary just hands it nothing until the promotion.
            case ROUND_ROBIN -> RoundRobinBinding.start(PassedSockets.connect(bootstrap, server.config().childGroup(),
                    key, QUERY_TIMEOUT), server, granted);
            case SHARED -> {
                Channel listener = SharedBinding.start(PassedSockets.connect(bootstrap, ipcGroup, key, QUERY_TIMEOUT),
                        server, QUERY_TIMEOUT, standby);
                if (standby) {
                    promotion.whenPromoted(() -> listener.config().setAutoRead(true)); // accept from now on
                }
                yield ServerBinding.of(listener);
            }
            case REUSEPORT -> {
                ServerBootstrap reusing = server.option(NativeTransport.get().reusePortOption(), true);
                if (!standby) {
                    yield ServerBinding.of(reusing.bind(granted).syncUninterruptibly().channel());
                }
                // A bound SO_REUSEPORT socket gets its share of connections at once: bind on promotion.
                DeferredBinding deferred = new DeferredBinding(reusing, granted);
                promotion.whenPromoted(deferred::bind);
                yield deferred;
            }
        });
    }
    // end::listen[]

    /** Puts the counter at the head of every connection's pipeline, before the server's own handlers. */
    private void countConnections(ServerBootstrap server) {
        ChannelHandler serverHandler = server.config().childHandler();
        server.childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(counters.connectionCounter(), serverHandler);
            }
        });
    }

    private void received(JsonNode frame) {
        switch (Frames.act(frame)) {
            case "message" -> {
                JsonNode body = frame.path("body");
                events.execute(() -> {
                    synchronized (unheard) {
                        if (!heard) {
                            unheard.add(body);
                            return;
                        }
                    }
                    message.emit(l -> l.accept(body));
                });
            }
            case "promote" -> promotion.promote();
            case "disconnect" -> {
                Duration deadline = frame.has("deadlineMs") ? Duration.ofMillis(frame.path("deadlineMs").asLong()) : null;
                Thread.ofPlatform().name("cluster-disconnect").start(() -> leave(true, deadline));
            }
            default -> LOG.warn("primary sent an unknown IPC act {}", Frames.act(frame));
        }
    }

    /** Node's {@code _disconnect}: close every server, wait for them, then the channel, then exit. */
    private void leave(boolean primaryInitiated, Duration deadline) {
        disconnecting = true;
        CompletableFuture<?>[] closing = servers.stream().map(s -> s.apply(deadline)).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get();
            if (!primaryInitiated) {
                ipc.request(Frames.of("exitedAfterDisconnect"), QUERY_TIMEOUT).get();
            }
        } catch (Exception e) {
            LOG.warn("worker {}: disconnect did not finish cleanly: {}", id, e.toString());
        }
        ipc.close().join();
    }

    private void channelClosed() {
        disconnect.emit(Runnable::run);
        exit(0, disconnecting ? null : "the IPC channel to the primary closed");
    }

    /** Exits on a fresh thread (never an event loop's), halting if shutdown hooks hang. */
    private static void exit(int code, String why) {
        if (why != null) {
            System.err.println("worker exiting: " + why);
        }
        Thread.ofPlatform().daemon().name("cluster-exit-watchdog").start(() -> {
            try {
                Thread.sleep(EXIT_GRACE_MS);
            } catch (InterruptedException ignored) {
                // halt anyway
            }
            Runtime.getRuntime().halt(code);
        });
        Thread.ofPlatform().name("cluster-exit").start(() -> System.exit(code));
    }
}
