package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterlab.ipc.IpcChannel;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The primary's side of one address that workers listen on, like Node's RoundRobinHandle and
 * SharedHandle: it answers each worker's {@code queryServer} with how that worker gets its
 * connections, and keeps track of the workers on it. One implementation per {@link SchedulingPolicy}.
 */
abstract class ServerHandle implements AutoCloseable {
    private final Set<Integer> workers = ConcurrentHashMap.newKeySet();

    /**
     * Fills {@code reply} with what {@code worker} needs to listen and counts it in.
     *
     * @throws IOException if the address cannot be had (EADDRINUSE and the like); the worker's
     *                     {@code listen} then fails with this message
     */
    final void add(Worker worker, ObjectNode reply) throws IOException {
        grant(worker, reply);
        workers.add(worker.id());
    }

    /**
     * Forgets {@code worker}, which died or left.
     *
     * @return whether no worker is left, so that the primary closes the handle, as Node does
     */
    final boolean remove(Worker worker) {
        if (workers.remove(worker.id())) {
            release(worker);
        }
        return workers.isEmpty();
    }

    /** Whether {@code worker} listens here. */
    final boolean has(Worker worker) {
        return workers.contains(worker.id());
    }

    /** For policies where a worker gets its connections through the primary, once per address. */
    final void refuseSecondListen(Worker worker, String host, int port) throws IOException {
        if (has(worker)) {
            throw new IOException("address already in use: worker " + worker.id() + " already listens on " + host
                    + ":" + port);
        }
    }

    /** What {@link #add} puts in the reply: {@code policy}, {@code address}, {@code port}. */
    abstract void grant(Worker worker, ObjectNode reply) throws IOException;

    /** Lets go of what {@code worker} had from this handle. */
    void release(Worker worker) {
    }

    /**
     * Takes {@code channel}, a connection {@code worker} opened to receive sockets for this address;
     * runs on the IPC event loop right after the handshake. The handle sends {@code welcome} itself.
     *
     * @return null when taken, or why not
     */
    String attach(Worker worker, IpcChannel channel) {
        return "this address passes no sockets";
    }

    /**
     * Completes once the primary can give {@code worker} connections on this address: at once,
     * unless connections go through the primary (round-robin), where it waits for the worker's link.
     */
    CompletableFuture<Void> serving(Worker worker) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * {@code worker}, a standby on this address until now, serves from now on. Only round-robin
     * has something to do here (the primary gates a standby's connections); under the other
     * policies the worker starts accepting itself when it hears {@code promote}.
     */
    void promoted(Worker worker) {
    }

    /** Releases what the handle holds. */
    @Override
    public abstract void close();
}
