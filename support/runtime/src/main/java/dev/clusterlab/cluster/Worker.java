package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterlab.ipc.Frames;
import dev.clusterlab.ipc.IpcChannel;
import dev.clusterlab.json.Json;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The primary's view of one worker process: Node's {@code Worker} in the primary.
 *
 * <p>Events of a worker are emitted on the cluster's event thread, one at a time, in the order
 * online, listening, disconnect, exit; the same events reach {@link Cluster}'s listeners right after.
 */
public final class Worker {
    private final int id;
    private final Process process;
    /** Forked as a standby: it still has to hear {@code promote} once it is online, if promoted before. */
    private final boolean forkedAsStandby;
    /** Called when the primary disconnects this worker, so that a standby can take its place at once. */
    private final Consumer<Worker> leaving;
    private volatile boolean standby;
    private volatile Worker replacement;
    private volatile boolean wasListening;
    private volatile IpcChannel ipc;
    private volatile WorkerState state = WorkerState.NONE;
    private volatile boolean exitedAfterDisconnect;
    private volatile ExitStatus exitStatus;
    private volatile WorkerStats stats = WorkerStats.NONE;
    private final CompletableFuture<ExitStatus> exited = new CompletableFuture<>();
    private final CompletableFuture<Void> disconnected = new CompletableFuture<>();
    private final CompletableFuture<Void> readied = new CompletableFuture<>();

    final Listeners<Runnable> online = new Listeners<>("online");
    final Listeners<Runnable> ready = new Listeners<>("ready");
    final Listeners<Consumer<InetSocketAddress>> listening = new Listeners<>("listening");
    final Listeners<Consumer<JsonNode>> message = new Listeners<>("message");
    final Listeners<Runnable> disconnect = new Listeners<>("disconnect");
    final Listeners<Consumer<ExitStatus>> exit = new Listeners<>("exit");
    final Listeners<OutputListener> output = new Listeners<>("output");

    Worker(int id, Process process, boolean standby, Consumer<Worker> leaving) {
        this.id = id;
        this.process = process;
        this.forkedAsStandby = standby;
        this.standby = standby;
        this.leaving = leaving;
    }

    /** The worker's id: 1 for the first forked, unique in this primary. */
    public int id() {
        return id;
    }

    /** The worker's process. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** What the worker's servers did, as it last reported (every {@value WorkerStats#REPORT_INTERVAL_MS} ms at most). */
    public WorkerStats stats() {
        return stats;
    }

    void stats(WorkerStats reported) {
        stats = reported;
    }

    /**
     * Whether this is a warm standby ({@link ClusterSettings.Builder#standby(int)}) not promoted yet:
     * it listens but gets no connections, and no cluster-wide event names it.
     */
    public boolean isStandby() {
        return standby;
    }

    /**
     * The standby the primary promoted in this worker's place when it exited or was disconnected,
     * or null (none was, or not yet). A supervisor that restarts dead workers skips those that
     * have one, or the cluster would grow by a worker.
     */
    public Worker replacement() {
        return replacement;
    }

    /** Where the worker is in its life. */
    public WorkerState state() {
        return state;
    }

    /**
     * Sends a message to the worker, where {@code Cluster.worker().onMessage} hears it. Any value
     * Jackson can write (records, maps, strings, numbers) is sent as JSON.
     *
     * @return completes when the message is written; fails if the worker is not connected or the
     *         message is larger than {@link ClusterSettings#maxMessageBytes()}
     */
    public CompletableFuture<Void> send(Object message) {
        IpcChannel channel = ipc;
        if (channel == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("worker " + id
                    + " is not online yet: send once it is, from worker.onOnline(...) or Cluster.onOnline(...)"));
        }
        if (!channel.isOpen()) {
            return CompletableFuture.failedFuture(new IllegalStateException("worker " + id
                    + " is disconnected: its IPC channel is closed"));
        }
        return channel.send(Frames.of("message").set("body", Json.toTree(message)));
    }

    /**
     * Asks the worker to close its servers (in-flight requests finish), then its IPC channel, and
     * exit: Node's {@code worker.disconnect()}. Sets {@link #exitedAfterDisconnect()}.
     *
     * @return completes when the IPC channel is closed
     */
    public CompletableFuture<Void> disconnect() {
        return requestDisconnect(null);
    }

    /**
     * Disconnects as {@link #disconnect()} does, within a deadline: the worker's servers cut the
     * connections still busy when it passes, and the worker is killed with SIGKILL if it is still
     * alive {@value #KILL_GRACE_MS} ms later (a handler that never returns holds its event loop).
     *
     * @return completes when the worker has exited
     */
    public CompletableFuture<ExitStatus> disconnect(Duration deadline) {
        requestDisconnect(java.util.Objects.requireNonNull(deadline, "deadline"));
        long killAfter = deadline.toMillis() + KILL_GRACE_MS;
        CompletableFuture.runAsync(() -> {
            if (!isDead()) {
                System.err.println("cluster: worker " + id + " did not exit within " + deadline.toMillis()
                        + " ms of its disconnect; killing it");
                kill("SIGKILL");
            }
        }, CompletableFuture.delayedExecutor(killAfter, TimeUnit.MILLISECONDS));
        return exited();
    }

    private CompletableFuture<Void> requestDisconnect(Duration deadline) {
        exitedAfterDisconnect = true;
        leaving.accept(this);
        IpcChannel channel = ipc;
        if (channel != null && channel.isOpen()) {
            ObjectNode frame = Frames.of("disconnect");
            if (deadline != null) {
                frame.put("deadlineMs", deadline.toMillis());
            }
            channel.send(frame);
        } else if (ipc == null && !isDead()) {
            // Not online yet: it cannot hear us, so end it as Node ends a worker it cannot reach.
            Signals.send(process(), "SIGTERM");
        }
        return disconnected.copy();
    }

    /** How long after a disconnect's deadline a worker still alive is killed. */
    public static final long KILL_GRACE_MS = 2000;

    /**
     * Whether the worker said it is ready ({@code Cluster.worker().ready()}): pm2's {@code wait_ready}.
     * A rolling restart waits for this before it takes an old worker out.
     */
    public boolean isReady() {
        return readied.isDone();
    }

    /** Completes when the worker says it is ready; fails if it exits first. */
    public CompletableFuture<Void> ready() {
        return readied.copy();
    }

    /** Kills the worker with SIGTERM. */
    public void kill() {
        kill("SIGTERM");
    }

    /**
     * Sends {@code signal} (such as {@code SIGKILL}) to the worker: Node's {@code worker.kill()}.
     * A killed worker counts as {@link #exitedAfterDisconnect()}: it did not die unexpectedly.
     */
    public void kill(String signal) {
        exitedAfterDisconnect = true;
        if (!isDead()) {
            Signals.send(process(), signal);
        }
    }

    /** Whether the process has exited, even if its exit event has not been emitted yet (as in Node). */
    public boolean isDead() {
        return !process.isAlive();
    }

    /** Whether the IPC channel is open. */
    public boolean isConnected() {
        IpcChannel channel = ipc;
        return channel != null && channel.isOpen() && state != WorkerState.DISCONNECTED && state != WorkerState.DEAD;
    }

    /**
     * True if the worker ended because the primary (or the worker itself) asked it to with
     * {@link #disconnect()} or {@link #kill()}; false if it died unexpectedly. Supervisors use it
     * to decide whether to restart.
     */
    public boolean exitedAfterDisconnect() {
        return exitedAfterDisconnect;
    }

    /** How the process ended, or null while it runs. */
    public ExitStatus exitStatus() {
        return exitStatus;
    }

    /** Completes when the process has exited and the exit event was emitted. */
    public CompletableFuture<ExitStatus> exited() {
        return exited.copy();
    }

    /** Listens for the worker's handshake with the primary. */
    public Subscription onOnline(Runnable listener) {
        return online.add(listener);
    }

    /** Listens for the worker saying it is ready. */
    public Subscription onReady(Runnable listener) {
        return ready.add(listener);
    }

    /** Listens for each server the worker starts listening with. */
    public Subscription onListening(Consumer<InetSocketAddress> listener) {
        return listening.add(listener);
    }

    /** Listens for messages the worker sends with {@code Cluster.worker().send}. */
    public Subscription onMessage(Consumer<JsonNode> listener) {
        return message.add(listener);
    }

    /** Listens for the IPC channel closing. */
    public Subscription onDisconnect(Runnable listener) {
        return disconnect.add(listener);
    }

    /** Listens for the process exiting. */
    public Subscription onExit(Consumer<ExitStatus> listener) {
        return exit.add(listener);
    }

    /**
     * Listens for each line of the worker's stdout and stderr, including the lines it wrote just
     * before it died. A listener added in a {@link Cluster#onFork} listener sees every line; one added
     * later sees the lines from then on.
     */
    public Subscription onOutput(OutputListener listener) {
        return output.add(listener);
    }

    @Override
    public String toString() {
        return "worker " + id + " (pid " + process.pid() + ", " + state + (standby ? ", standby" : "") + ")";
    }

    // --- state changes, made by Primary on the event thread ---

    void connected(IpcChannel channel) {
        this.ipc = channel;
        state = WorkerState.ONLINE;
    }

    /** Made a serving worker in {@code replaced}'s place; on the event thread. */
    void promoted(Worker replaced) {
        standby = false;
        if (replaced != null) {
            replaced.replacement = this;
        }
    }

    boolean forkedAsStandby() {
        return forkedAsStandby;
    }

    void listening() {
        state = WorkerState.LISTENING;
        wasListening = true;
    }

    /** Whether it ever listened (its state says DEAD once it exited). */
    boolean wasListening() {
        return wasListening;
    }

    /** @return false if it had said so before */
    boolean markReady() {
        return readied.complete(null);
    }

    void markExitedAfterDisconnect() {
        exitedAfterDisconnect = true;
    }

    void disconnected() {
        if (state != WorkerState.DEAD) {
            state = WorkerState.DISCONNECTED;
        }
        disconnected.complete(null);
    }

    boolean wasDisconnected() {
        return disconnected.isDone();
    }

    void died(ExitStatus status) {
        exitStatus = status;
        state = WorkerState.DEAD;
    }

    void exitEmitted() {
        readied.completeExceptionally(new IllegalStateException("worker " + id + " exited (" + exitStatus
                + ") before it was ready"));
        exited.complete(exitStatus);
    }

    IpcChannel ipc() {
        return ipc;
    }

    Process rawProcess() {
        return process;
    }
}
