package dev.clusterlab.task04;

import dev.clusterlab.cluster.Scheduler;
import dev.clusterlab.cluster.WorkerLoad;

import java.util.List;

/**
 * A {@link Scheduler} that gives each new connection to the worker with the fewest: those it holds
 * open plus those on their way to it. Round-robin counts connections, not work, so a worker stuck
 * with slow requests keeps getting its turn; this one sends new connections to the others until it
 * catches up.
 *
 * <p>The primary calls {@link #pick} for every accepted connection on its IPC event loop: it must be
 * quick and never block. One instance serves one port, so its state needs no lock.
 */
public final class LeastConnections implements Scheduler {
    /** The worker picked last, so that ties go round in turn rather than always to the same worker. */
    private int lastPicked = Integer.MIN_VALUE;

    /**
     * The candidate with the least {@code open() + pending()}; among equals, the first after the
     * worker picked last, in id order, wrapping around (round-robin among the least loaded).
     */
    @Override
    public WorkerLoad pick(List<? extends WorkerLoad> candidates) {
        // BEGIN SOLUTION return the candidate with the least open() + pending(); break ties round-robin: the first with an id after the one picked last, wrapping around
        // tag::pick[]
        int start = 0; // candidates come in ascending id order
        while (start < candidates.size() && candidates.get(start).workerId() <= lastPicked) {
            start++;
        }
        WorkerLoad best = null;
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < candidates.size(); i++) {
            WorkerLoad candidate = candidates.get((start + i) % candidates.size());
            long load = candidate.open() + candidate.pending();
            if (load < fewest) { // strictly fewer: the first in turn wins a tie
                best = candidate;
                fewest = load;
            }
        }
        lastPicked = best.workerId();
        return best;
        // end::pick[]
        // END SOLUTION
    }

    @Override
    public String toString() {
        return "least-connections";
    }
}
