package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.ServerBootstrap;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Node's {@code cluster} module for the JVM: one main class runs as the primary, which forks
 * worker JVMs, or as a worker, which serves.
 *
 * <pre>{@code
 * if (Cluster.isPrimary()) {
 *     for (int i = 0; i < 2; i++) Cluster.fork();
 *     Cluster.onExit((worker, status) -> System.out.println(worker + " died: " + status));
 * } else {
 *     HttpApp.create().get("/", req -> Response.text("hi from " + Cluster.worker().id())).listen(8080);
 * }
 * }</pre>
 *
 * <p>A process is a worker when {@value Bootstrap#ENV_ID} is set in its environment, as Node's
 * {@code NODE_UNIQUE_ID}; its first use of this class connects it to the primary.
 */
public final class Cluster {
    // tag::is-worker[]
    private static final boolean WORKER = System.getenv(Bootstrap.ENV_ID) != null;
    // end::is-worker[]
    private static final ClusterListeners EVENTS = new ClusterListeners();

    private Cluster() {
    }

    /** Holds the one role object, created on first use (a worker connects to its primary then). */
    private static final class Role {
        static final Primary PRIMARY = WORKER ? null : new Primary(EVENTS);
        static final Child CHILD = WORKER ? Child.start() : null;
    }

    /** Whether this process is the primary (not started by {@link #fork()}). */
    public static boolean isPrimary() {
        return !WORKER;
    }

    /** Whether this process is a worker started by {@link #fork()}. */
    public static boolean isWorker() {
        if (WORKER) {
            Role.CHILD.id(); // connect now, as Node's child sets up at start
        }
        return WORKER;
    }

    /** Sets what later forks launch and emits {@code setup}: Node's {@code cluster.setupPrimary()}. */
    public static void setupPrimary(ClusterSettings settings) {
        primary("setupPrimary").setup(settings);
    }

    /** The current settings: Node's {@code cluster.settings}. */
    public static ClusterSettings settings() {
        return primary("settings").settings();
    }

    /** Forks a worker: Node's {@code cluster.fork()}. */
    public static Worker fork() {
        return fork(Map.of());
    }

    /** Forks a worker with extra environment variables: Node's {@code cluster.fork(env)}. */
    public static Worker fork(Map<String, String> env) {
        return primary("fork").fork(env);
    }

    /**
     * The workers that are alive or not yet fully gone, by id: Node's {@code cluster.workers}.
     * Warm standbys are not among them until they are promoted: see {@link #standbys()}.
     */
    public static Map<Integer, Worker> workers() {
        return primary("workers").workers();
    }

    /**
     * The warm standby workers not promoted yet ({@link ClusterSettings.Builder#standby(int)}), alive
     * or not yet fully gone, by id. The primary forks and replaces them itself: the application only
     * watches them (their own {@link Worker} events work; no cluster-wide event names them).
     */
    public static Map<Integer, Worker> standbys() {
        return primary("standbys").standbys();
    }

    /**
     * Disconnects every worker (each closes its servers, finishing in-flight requests, and exits):
     * Node's {@code cluster.disconnect()}.
     *
     * @return completes when every worker has exited
     */
    public static CompletableFuture<Void> disconnect() {
        return primary("disconnect").disconnect(null);
    }

    /**
     * Disconnects every worker within {@code deadline}: see {@link Worker#disconnect(Duration)}.
     *
     * @return completes when every worker has exited
     */
    public static CompletableFuture<Void> disconnect(Duration deadline) {
        java.util.Objects.requireNonNull(deadline, "deadline");
        return primary("disconnect").disconnect(deadline);
    }

    /**
     * Makes SIGTERM and SIGINT drain the cluster instead of killing it: every worker is disconnected
     * within {@code deadline} (servers stop taking connections, requests in flight finish), then the
     * primary exits with 0. A second signal while draining kills the workers and exits with 1.
     * Without this, as in Node, a signal ends the primary at once and its workers follow it.
     */
    public static void drainOnSignals(Duration deadline) {
        java.util.Objects.requireNonNull(deadline, "deadline");
        primary("drainOnSignals");
        SignalDrain.install(deadline);
    }

    /**
     * A 256-bit key for {@code purpose} that the primary and each of its workers compute alike and
     * nobody else can: it is derived from the cluster secret, which reaches workers only on their
     * stdin. For application-level encryption of messages (AES-GCM and the like); each purpose
     * gives an independent key.
     */
    public static byte[] deriveKey(String purpose) {
        java.util.Objects.requireNonNull(purpose, "purpose");
        return WORKER ? Role.CHILD.deriveKey(purpose) : Role.PRIMARY.deriveKey(purpose);
    }

    /** This worker: Node's {@code cluster.worker}. */
    public static CurrentWorker worker() {
        if (!WORKER) {
            throw new IllegalStateException("Cluster.worker() is for workers; this process is the primary");
        }
        return Role.CHILD;
    }

    /**
     * Binds a server the cluster way; for server implementations such as {@code HttpApp}. In a
     * worker it asks the primary how to share {@code host:port} under the scheduling policy and
     * reports {@code listening}; elsewhere it simply binds.
     *
     * @param bootstrap     configured with its group, channel class and child handler
     * @param gracefulClose closes the server gracefully, cutting what is still busy after the
     *                      deadline it is given (null: the server's own); a worker's disconnect calls it
     * @return where the server's connections come from
     */
    public static ServerBinding listen(ServerBootstrap bootstrap, String host, int port,
                                       Function<Duration, CompletableFuture<Void>> gracefulClose) {
        if (WORKER) {
            return Role.CHILD.listen(bootstrap, host, port, gracefulClose);
        }
        return ServerBinding.of(bootstrap.bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel());
    }

    /** Listens for {@link #setupPrimary} calls. */
    public static Subscription onSetup(Consumer<ClusterSettings> listener) {
        return EVENTS.setup.add(listener);
    }

    /** Listens for new workers, right after their process starts. */
    public static Subscription onFork(Consumer<Worker> listener) {
        return EVENTS.fork.add(listener);
    }

    /** Listens for workers that connected and proved the cluster secret. */
    public static Subscription onOnline(Consumer<Worker> listener) {
        return EVENTS.online.add(listener);
    }

    /** Listens for workers that said they are ready ({@code Cluster.worker().ready()}). */
    public static Subscription onReady(Consumer<Worker> listener) {
        return EVENTS.ready.add(listener);
    }

    /** Listens for each server a worker starts. */
    public static Subscription onListening(BiConsumer<Worker, InetSocketAddress> listener) {
        return EVENTS.listening.add(listener);
    }

    /** Listens for messages from any worker. */
    public static Subscription onMessage(BiConsumer<Worker, JsonNode> listener) {
        return EVENTS.message.add(listener);
    }

    /** Listens for workers whose IPC channel closed. */
    public static Subscription onDisconnect(Consumer<Worker> listener) {
        return EVENTS.disconnect.add(listener);
    }

    /** Listens for workers whose process exited. */
    public static Subscription onExit(BiConsumer<Worker, ExitStatus> listener) {
        return EVENTS.exit.add(listener);
    }

    /**
     * Listens for promotions (beyond Node): a warm standby, the listener's first argument, serves
     * from now on in the place of the worker that exited or was disconnected, its second (whose
     * {@link Worker#replacement()} is the standby now). From here on the promoted worker is one of
     * {@link #workers()} and its events reach the cluster-wide listeners; its earlier fork, online
     * and listening were never emitted there. A new standby is forked right after.
     */
    public static Subscription onPromote(BiConsumer<Worker, Worker> listener) {
        return EVENTS.promote.add(listener);
    }

    private static Primary primary(String what) {
        if (WORKER) {
            throw new IllegalStateException("Cluster." + what + "() is for the primary; this process is worker "
                    + Role.CHILD.id());
        }
        return Role.PRIMARY;
    }
}
