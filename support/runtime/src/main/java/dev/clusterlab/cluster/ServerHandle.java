package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The primary's side of one address that workers listen on, like Node's RoundRobinHandle and
 * SharedHandle: it answers each worker's {@code queryServer} with how that worker gets its socket.
 * One implementation per {@link SchedulingPolicy}.
 */
interface ServerHandle extends AutoCloseable {

    /**
     * Fills {@code reply} with what {@code worker} needs to listen: the policy and the port.
     *
     * @throws java.io.IOException if the address cannot be had (EADDRINUSE and the like); the
     *                             worker's {@code listen} then fails with this message
     */
    void add(Worker worker, ObjectNode reply) throws java.io.IOException;

    /** Forgets {@code worker}, which closed its server or died. */
    void remove(Worker worker);

    /** Releases what the handle holds. */
    @Override
    void close();
}
