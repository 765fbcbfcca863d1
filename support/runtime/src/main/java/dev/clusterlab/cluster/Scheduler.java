package dev.clusterlab.cluster;

import java.util.List;
import java.util.function.Supplier;

/**
 * Picks the worker that gets the next connection under {@link SchedulingPolicy#ROUND_ROBIN}, where
 * the primary accepts every connection itself: Node's {@code RoundRobinHandle} has this choice
 * built in, clusterlab makes it pluggable (least-connections, weighted, ...).
 *
 * <p>The primary calls {@link #pick} once per accepted connection, on its IPC event loop: keep it
 * quick and never block. Each port gets its own scheduler from the {@link Supplier} in
 * {@link ClusterSettings#scheduler()}, so a scheduler may keep state without locks.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Chooses who gets the next connection.
     *
     * @param candidates the workers that can take one now (listening, with room in their window of
     *                   unacknowledged connections), in ascending id order; never empty
     * @return one of {@code candidates}
     */
    WorkerLoad pick(List<? extends WorkerLoad> candidates);

    /** Node's order: each worker in turn, skipping those that cannot take a connection now. */
    static Scheduler roundRobin() {
        return new RoundRobinScheduler();
    }
}
