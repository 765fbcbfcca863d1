package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterlab.ipc.Frames;
import dev.clusterlab.ipc.Handshake;
import dev.clusterlab.ipc.IpcChannel;
import dev.clusterlab.ipc.IpcServer;
import dev.clusterlab.ipc.PrivateSocketDir;
import dev.clusterlab.transport.NamedThreads;
import dev.clusterlab.transport.NativeTransport;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The primary's half of the cluster: Node's {@code lib/internal/cluster/primary.js}.
 *
 * <p>All state changes and events happen on one event thread, as in Node's single JavaScript
 * thread, so listeners see workers change in a consistent order. The IPC server and its event
 * loop exist only while there are workers: a primary with none keeps nothing alive, as in Node.
 *
 * <p>Warm standbys ({@link StandbyPool}) are workers too, in the same map, but a standby appears
 * in no cluster-wide event and not in {@link #workers()} until it is promoted: to the application
 * they are extra capacity, not workers it has to supervise.
 */
final class Primary {
    private static final Logger LOG = LoggerFactory.getLogger(Primary.class);

    private final ClusterListeners events;
    private final ExecutorService eventThread =
            Executors.newSingleThreadExecutor(NamedThreads.daemon("cluster-events"));
    private final Map<Integer, Worker> workers = Collections.synchronizedMap(new LinkedHashMap<>());
    /**
     * By {@code host:port:index}. Concurrent because the IPC event loop looks handles up without a lock:
     * a handle binds on that loop while the event thread holds this primary's lock.
     */
    private final Map<String, ServerHandle> handles = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<Integer> admitted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile ClusterSettings settings;
    private int nextId;

    private EventLoopGroup ipcGroup;
    /** Volatile for the shutdown hook, which deletes it when the primary exits with workers running. */
    private volatile PrivateSocketDir socketDir;
    private boolean cleanupHooked;
    private IpcServer ipcServer;
    /** One secret for the primary's life, so that keys derived from it outlive IPC restarts. */
    private final String secret = Handshake.newSecret();
    private final StartupCache startupCache = new StartupCache();
    /** Whether standbys are kept: from the application's first fork until a cluster-wide disconnect. */
    private volatile boolean standbyActive;
    private final StandbyPool standbys;

    Primary(ClusterListeners events) {
        this.events = events;
        this.standbys = new StandbyPool(this::forkStandby, () -> settings().standby(), () -> standbyActive,
                this::promote, this::onEventThread);
    }

    byte[] deriveKey(String purpose) {
        return Handshake.deriveKey(secret, purpose);
    }

    synchronized ClusterSettings settings() {
        if (settings == null) {
            settings = ClusterSettings.defaults();
        }
        return settings;
    }

    synchronized void setup(ClusterSettings newSettings) {
        settings = newSettings;
        onEventThread(() -> {
            events.setup.emit(l -> l.accept(newSettings));
            standbys.settingsChanged();
        });
    }

    /** The serving workers (standbys left out), by id. */
    Map<Integer, Worker> workers() {
        return snapshot(false);
    }

    /** The standbys not promoted yet, by id. */
    Map<Integer, Worker> standbys() {
        return snapshot(true);
    }

    private Map<Integer, Worker> snapshot(boolean standby) {
        Map<Integer, Worker> out = new LinkedHashMap<>();
        synchronized (workers) {
            workers.forEach((id, w) -> {
                if (w.isStandby() == standby) {
                    out.put(id, w);
                }
            });
        }
        return Collections.unmodifiableMap(out);
    }

    /** The application's fork: a serving worker; the standbys are topped up behind it. */
    synchronized Worker fork(Map<String, String> env) {
        standbyActive = true;
        Worker worker = spawn(env, false);
        onEventThread(standbys::topUp);
        return worker;
    }

    /** The pool's fork: a standby with the settings' environment, or null once the cluster is being disconnected. */
    private synchronized Worker forkStandby() {
        return standbyActive ? spawn(Map.of(), true) : null;
    }

    // tag::fork[]
    private Worker spawn(Map<String, String> env, boolean standby) {
        ClusterSettings s = settings();
        if (ipcServer == null) {
            startIpc(s);
        }
        int id = ++nextId;
        StartupCache.Launch launch = startupCache.prepare(s, id);
        Process process;
        try {
            process = WorkerLauncher.start(launch.settings(), env,
                    new Bootstrap(id, ipcServer.socket().toString(), secret, s.maxMessageBytes(), standby));
        } catch (RuntimeException e) {
            stopIpcIfIdle(); // no worker came of it: keep nothing alive for it
            throw e;
        }
        Worker worker = new Worker(id, process, standby, this::leaving);
        workers.put(id, worker);
        onEventThread(() -> {
            worker.rawProcess().onExit().thenRun(launch.exited()).thenRun(() -> onEventThread(() -> exited(worker)));
            emitIfServing(worker, () -> events.fork.emit(l -> l.accept(worker)));
            // After the fork listeners, so one that subscribes to the worker's output sees its first line:
            // the pipe holds what the worker writes meanwhile.
            pumpOutput(worker, process, s.silent(), launch.output());
        });
        return worker;
    }
    // end::fork[]

    CompletableFuture<Void> disconnect(Duration deadline) {
        List<CompletableFuture<ExitStatus>> exits = new ArrayList<>();
        List<Worker> all;
        synchronized (this) { // no standby is forked or promoted after this: the snapshot has them all
            standbyActive = false;
            synchronized (workers) {
                all = List.copyOf(workers.values());
            }
        }
        for (Worker w : all) {
            if (deadline == null) {
                w.disconnect();
                exits.add(w.exited());
            } else {
                exits.add(w.disconnect(deadline));
            }
        }
        return CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new));
    }

    private void startIpc(ClusterSettings s) {
        exitOnUncaughtException();
        NativeTransport transport = NativeTransport.get();
        ipcGroup = transport.newGroup(1, NamedThreads.of("cluster-ipc"));
        socketDir = PrivateSocketDir.create();
        if (!cleanupHooked) {
            cleanupHooked = true;
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("cluster-cleanup").unstarted(() -> {
                PrivateSocketDir dir = socketDir;
                if (dir != null) {
                    dir.close();
                }
            }));
        }
        ipcServer = IpcServer.start(socketDir.socket("primary.sock"), secret, s.maxMessageBytes(), ipcGroup,
                this::admit);
    }

    /**
     * As in Node, an uncaught exception ends the primary (exit code 1), and its workers with it.
     * Otherwise a primary whose main thread failed would stay up, kept alive by its IPC thread,
     * with workers nobody supervises. An application's own handler is left in place.
     */
    private static void exitOnUncaughtException() {
        if (Thread.getDefaultUncaughtExceptionHandler() == null) {
            Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
                System.err.print("primary: uncaught exception in thread \"" + thread.getName() + "\": ");
                error.printStackTrace();
                System.exit(1);
            });
        }
    }

    /** Called once no worker is left (or a first fork failed): let the JVM exit if the app is done. */
    private synchronized void stopIpcIfIdle() {
        if (!workers.isEmpty() || ipcServer == null) {
            return;
        }
        handles.values().forEach(ServerHandle::close);
        handles.clear();
        ipcServer.close();
        ipcServer = null;
        socketDir.close();
        ipcGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        ipcGroup = null;
    }

    private void pumpOutput(Worker worker, Process process, boolean silent, java.util.function.Consumer<String> seen) {
        String prefix = "[worker " + worker.id() + "] ";
        OutputPump.start("worker-" + worker.id() + "-stdout", process.getInputStream(),
                silent ? null : System.out, prefix, (err, line) -> {
                    seen.accept(line);
                    worker.output.emit(l -> l.onLine(worker, err, line));
                },
                false);
        OutputPump.start("worker-" + worker.id() + "-stderr", process.getErrorStream(),
                silent ? null : System.err, prefix, (err, line) -> {
                    seen.accept(line);
                    worker.output.emit(l -> l.onLine(worker, err, line));
                },
                true);
    }

    // tag::admit[]
    /** The IPC server's gate: runs on the IPC event loop after the secret was proved. */
    private String admit(int id, long peerPid, IpcChannel ipc, JsonNode hello) {
        Worker worker = workers.get(id);
        if (worker == null) {
            return "worker id " + id + " is not a worker of this primary";
        }
        if (peerPid > 0 && peerPid != worker.process().pid()) {
            // Refused without taking the worker's place: the real worker may still connect.
            return "worker " + id + " is pid " + worker.process().pid() + ", but pid " + peerPid + " connected";
        }
        if (hello.hasNonNull("server")) { // a second connection, to receive the sockets of one address
            ServerHandle handle = handles.get(hello.path("server").asText());
            if (!admitted.contains(id) || handle == null) {
                return "worker " + id + " does not listen on " + hello.path("server").asText();
            }
            return handle.attach(worker, ipc);
        }
        if (admitted.contains(id)) {
            return "worker id " + id + " is not waiting to connect";
        }
        admitted.add(id); // the IPC event loop is the only thread that admits
        ipc.onFrame(frame -> onEventThread(() -> received(worker, frame)));
        ipc.closeFuture().thenRun(() -> onEventThread(() -> disconnected(worker)));
        ipc.send(Frames.of("welcome"));
        onEventThread(() -> {
            if (worker.state() != WorkerState.NONE) {
                return; // it died before this task ran: its exit was emitted, online must not follow
            }
            worker.connected(ipc);
            if (worker.forkedAsStandby() && !worker.isStandby()) {
                ipc.send(Frames.of("promote")); // promoted before it could hear it
            }
            worker.online.emit(Runnable::run);
            emitIfServing(worker, () -> events.online.emit(l -> l.accept(worker)));
        });
        return null;
    }
    // end::admit[]

    private void received(Worker worker, JsonNode frame) {
        switch (Frames.act(frame)) {
            case "message" -> {
                JsonNode body = frame.path("body");
                worker.message.emit(l -> l.accept(body));
                emitIfServing(worker, () -> events.message.emit(l -> l.accept(worker, body)));
            }
            case "queryServer" -> queryServer(worker, frame);
            case "listening" -> {
                InetSocketAddress address = new InetSocketAddress(frame.path("address").asText(),
                        frame.path("port").asInt());
                ServerHandle handle = handles.get(frame.path("server").asText());
                // Round-robin: listening once the primary can hand the worker connections.
                (handle == null ? CompletableFuture.completedFuture(null) : handle.serving(worker))
                        .thenRun(() -> onEventThread(() -> {
                            worker.listening();
                            standbys.listening(worker);
                            worker.listening.emit(l -> l.accept(address));
                            emitIfServing(worker, () -> events.listening.emit(l -> l.accept(worker, address)));
                        }));
            }
            case "ready" -> {
                if (worker.markReady()) {
                    worker.ready.emit(Runnable::run);
                    emitIfServing(worker, () -> events.ready.emit(l -> l.accept(worker)));
                }
            }
            case "stats" -> worker.stats(new WorkerStats(frame.path("connections").asLong(),
                    frame.path("open").asLong(), frame.path("requests").asLong(), frame.path("headersTimeouts").asLong(),
                    frame.path("requestTimeouts").asLong(), frame.path("refused").asLong()));
            case "close" -> serverClosed(worker, frame.path("server").asText());
            case "exitedAfterDisconnect" -> {
                worker.markExitedAfterDisconnect();
                worker.ipc().reply(frame, Frames.of("reply"));
            }
            default -> LOG.warn("worker {} sent an unknown IPC act {}", worker.id(), Frames.act(frame));
        }
    }

    // tag::query-server[]
    private void queryServer(Worker worker, JsonNode frame) {
        String host = frame.path("address").asText("0.0.0.0");
        int port = frame.path("port").asInt();
        ObjectNode reply = Frames.of("reply");
        try {
            // The worker's n-th server on this address shares the n-th handle (Node's index).
            String key = host + ":" + port + ":" + frame.path("index").asInt();
            ServerHandle handle;
            synchronized (this) {
                handle = handles.get(key);
                if (handle == null) {
                    handle = newHandle(settings(), host, port);
                    handles.put(key, handle);
                }
            }
            handle.add(worker, reply);
            reply.put("server", key);
        } catch (IOException | RuntimeException e) {
            reply.put("error", "the primary could not bind it: " + e.getMessage());
        }
        worker.ipc().reply(frame, reply);
    }
    // end::query-server[]

    /**
     * Node's {@code close(worker, message)}: the worker closed its server on this handle, so a later
     * listen there is a new one; the last worker out closes the handle.
     */
    private synchronized void serverClosed(Worker worker, String key) {
        ServerHandle handle = handles.get(key);
        if (handle != null && handle.has(worker) && leave(handle, worker)) {
            handles.remove(key, handle);
        }
    }

    /** Takes {@code worker} off {@code handle}; closes the handle if no worker is left on it, as Node does. */
    private static boolean leave(ServerHandle handle, Worker worker) {
        if (handle.remove(worker)) {
            handle.close();
            return true;
        }
        return false;
    }

    /** The seam where each scheduling policy plugs in its way of sharing a port. */
    private ServerHandle newHandle(ClusterSettings s, String host, int port) throws IOException {
        return switch (s.schedulingPolicy()) {
            case ROUND_ROBIN -> new RoundRobinHandle(host, port, ipcGroup, s.scheduler().get());
            case SHARED -> new SharedHandle(host, port, ipcGroup);
            case REUSEPORT -> new ReusePortHandle(host, port);
        };
    }

    private void disconnected(Worker worker) {
        if (worker.wasDisconnected()) {
            return;
        }
        standbys.replace(worker); // first: the standby's promotion is what this costs no time
        worker.disconnected();
        worker.disconnect.emit(Runnable::run);
        emitIfServing(worker, () -> events.disconnect.emit(l -> l.accept(worker)));
        if (worker.isDead()) {
            forget(worker);
        }
    }

    private void exited(Worker worker) {
        ExitStatus status = ExitStatus.of(worker.rawProcess().exitValue());
        standbys.replace(worker); // at once, before any listener runs
        worker.died(status);
        // Node emits disconnect before exit; the socket may close a moment after the process.
        disconnected(worker);
        worker.exit.emit(l -> l.accept(status));
        emitIfServing(worker, () -> events.exit.emit(l -> l.accept(worker, status)));
        standbys.exited(worker);
        forget(worker);
        worker.exitEmitted();
    }

    /** Cluster-wide listeners hear of a standby only once it is promoted: until then it is no worker of the application's. */
    private static void emitIfServing(Worker worker, Runnable emit) {
        if (!worker.isStandby()) {
            emit.run();
        }
    }

    /** Worker.disconnect() was called: a serving worker's standby takes its place now, not when it has drained. */
    private void leaving(Worker worker) {
        onEventThread(() -> standbys.replace(worker));
    }

    // tag::promote[]
    /** Makes {@code standby} a serving worker in {@code replaced}'s place; on the event thread. */
    private void promote(Worker standby, Worker replaced) {
        long start = System.nanoTime();
        standby.promoted(replaced); // round-robin hands it connections from now on
        for (ServerHandle handle : handles.values()) {
            if (handle.has(standby)) {
                handle.promoted(standby);
            }
        }
        IpcChannel ipc = standby.ipc();
        if (ipc != null && ipc.isOpen()) {
            ipc.send(Frames.of("promote")); // shared: start accepting; reuseport: bind now
        }
        LOG.info("promoted standby worker {} in place of worker {} ({} us)", standby.id(), replaced.id(),
                (System.nanoTime() - start) / 1000);
        events.promote.emit(l -> l.accept(standby, replaced));
    }
    // end::promote[]

    private void forget(Worker worker) {
        workers.remove(worker.id(), worker);
        synchronized (this) {
            handles.values().removeIf(h -> leave(h, worker));
        }
        stopIpcIfIdle();
    }

    private void onEventThread(Runnable task) {
        eventThread.execute(task);
    }
}
