package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * This process as a worker sees itself: Node's {@code cluster.worker} inside a worker. Get it
 * with {@link Cluster#worker()}.
 */
public interface CurrentWorker {

    /** This worker's id, as the primary numbered it. */
    int id();

    /** Sends a message (any value Jackson can write) to the primary. */
    CompletableFuture<Void> send(Object message);

    /**
     * Listens for messages from the primary. Messages that arrived before the first listener was
     * added are delivered to it, so none is lost while {@code main} sets up.
     */
    Subscription onMessage(Consumer<JsonNode> listener);

    /** Listens for the IPC channel closing, just before this worker exits. */
    Subscription onDisconnect(Runnable listener);

    /**
     * Tells the primary this worker is ready to serve (pm2's {@code process.send('ready')} with
     * {@code wait_ready}): call it once its servers listen and whatever they need is warm. The
     * primary's {@code Worker.ready()} completes.
     */
    CompletableFuture<Void> ready();

    /**
     * Whether this worker is a warm standby not promoted yet ({@link ClusterSettings.Builder#standby(int)}):
     * its servers are set up but get no connections until the primary promotes it.
     */
    boolean isStandby();

    /**
     * Runs {@code hook} once, in this worker's first {@code listen}, after its server is set up and
     * before the worker reports it listening: so a standby counts as ready (and is promoted before
     * colder ones) only once it is warm. Meant for sending the application's own hot path requests
     * in-process (calling its handlers), so that the JIT has compiled it before real traffic comes;
     * it cannot rely on connections, which a standby does not get. Every worker runs its hooks, a
     * serving one too; one added after the first listen runs at once. A hook that throws is logged.
     */
    void onWarmUp(Runnable hook);

    /**
     * Listens for this standby's promotion: it serves from then on. Runs on the thread that
     * delivers messages; never for a worker that was not a standby.
     */
    Subscription onPromote(Runnable listener);

    /** Whether the IPC channel to the primary is open. */
    boolean isConnected();

    /**
     * Closes this worker's servers (in-flight requests finish), tells the primary it leaves on
     * purpose, closes the IPC channel and exits with code 0.
     */
    void disconnect();
}
