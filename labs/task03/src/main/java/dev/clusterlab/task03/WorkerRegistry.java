package dev.clusterlab.task03;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The supervisor's registry: the workers alive, by id, each with its status, and how many workers
 * were restarted so far. The cluster's events keep it up to date. Used only on the supervisor's
 * thread, so it needs no locks.
 */
final class WorkerRegistry {
    private final Map<Integer, WorkerSummary> workers = new TreeMap<>();
    private int restarts;

    /** A worker was forked: it is {@code STARTING}. */
    void forked(int id, long pid) {
        throw new UnsupportedOperationException("TODO(task03): register the worker under its id as STARTING");
    }

    /** A registered worker moved on to {@code status}; an id not (or no longer) registered is ignored. */
    void moved(int id, WorkerSummary.Status status) {
        throw new UnsupportedOperationException("TODO(task03): replace the registered worker's entry with one in the new status; ignore an id that is not registered (it may have exited already)");
    }

    /** A worker exited: it is no longer listed. */
    void exited(int id) {
        throw new UnsupportedOperationException("TODO(task03): forget the worker");
    }

    /** A replacement was forked. */
    void restarted() {
        restarts++;
    }

    /** How many replacements were forked. */
    int restarts() {
        return restarts;
    }

    /** Whether no worker is registered. */
    boolean isEmpty() {
        return workers.isEmpty();
    }

    /** The registered workers, by id. */
    List<WorkerSummary> snapshot() {
        return List.copyOf(workers.values());
    }
}
