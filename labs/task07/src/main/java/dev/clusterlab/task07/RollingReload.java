package dev.clusterlab.task07;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Replaces every worker of the cluster with a new one, {@code batch} at a time, without a moment
 * where a request has nowhere to go: pm2's {@code reload}, done in the order that does not drop
 * requests. For each batch: fork the new workers, wait until each says it is ready, and only then
 * disconnect the old ones (they stop getting connections at once, finish their requests within the
 * drain deadline, and exit). If a new worker exits or is not ready in time, the reload stops there:
 * the new workers of that batch are killed and the old ones, never disconnected, keep serving.
 */
final class RollingReload {
    private final int batch;
    private final Duration startTimeout;
    private final Duration drainDeadline;

    RollingReload(int batch, Duration startTimeout, Duration drainDeadline) {
        this.batch = batch;
        this.startTimeout = startTimeout;
        this.drainDeadline = drainDeadline;
    }

    /** Reloads the workers running now; blocks until done (call it off the cluster's event thread). */
    ReloadOutcome run() throws InterruptedException {
        List<Worker> old = Cluster.workers().values().stream().filter(w -> !w.isDead()).toList();
        if (Cluster.settings().standby() > 0) { // warm standbys take the old workers' places (CLUSTERLAB_STANDBY)
            return new StandbyReload(batch, startTimeout, drainDeadline).run(old);
        }
        List<Integer> replaced = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        throw new UnsupportedOperationException("TODO(task07): for each batch of old workers: fork as many new ones (Cluster.fork()), wait until each is ready (awaitReady), and only then drain the old ones (drain); if a new one fails, kill the batch's new workers and return ReloadOutcome.aborted(...) with the old ones untouched");
    }

    // tag::await[]
    /** Waits until every new worker is ready; null if they all are, else why one is not. */
    String awaitReady(List<Worker> incoming) throws InterruptedException {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        for (Worker worker : incoming) {
            try {
                worker.ready().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return "new worker " + worker.id() + " was not ready within " + startTimeout.toMillis() + " ms";
            } catch (ExecutionException e) {
                return "new worker " + worker.id() + " failed to start: " + e.getCause().getMessage();
            }
        }
        return null;
    }
    // end::await[]

    /**
     * Disconnects the old workers and waits until they have exited: they stop getting connections
     * at once and finish what they have within the drain deadline (or are cut and killed).
     */
    void drain(List<Worker> outgoing) throws InterruptedException {
        CompletableFuture<?>[] exits = outgoing.stream().map(w -> w.disconnect(drainDeadline))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(drainDeadline.toMillis() + 2 * Worker.KILL_GRACE_MS,
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // An old worker that cannot be stopped is the operator's problem, not a reason to stop
            // replacing the others: its replacement already serves.
            System.err.println("reload: draining workers " + outgoing.stream().map(Worker::id).toList()
                    + " did not finish cleanly: " + e);
        }
    }
}
