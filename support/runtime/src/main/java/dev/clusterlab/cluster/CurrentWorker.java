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

    /** Whether the IPC channel to the primary is open. */
    boolean isConnected();

    /**
     * Closes this worker's servers (in-flight requests finish), tells the primary it leaves on
     * purpose, closes the IPC channel and exits with code 0.
     */
    void disconnect();
}
