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
        // BEGIN SOLUTION register the worker under its id as STARTING
        workers.put(id, new WorkerSummary(id, pid, WorkerSummary.Status.STARTING));
        // END SOLUTION
    }

    /** A registered worker moved on to {@code status}; an id not (or no longer) registered is ignored. */
    void moved(int id, WorkerSummary.Status status) {
        // BEGIN SOLUTION replace the registered worker's entry with one in the new status; ignore an id that is not registered (it may have exited already)
        workers.computeIfPresent(id, (key, worker) -> worker.withStatus(status));
        // END SOLUTION
    }

    /** A worker exited: it is no longer listed. */
    void exited(int id) {
        // BEGIN SOLUTION forget the worker
        workers.remove(id);
        // END SOLUTION
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
