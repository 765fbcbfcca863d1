package dev.clusterlab.task07;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.Worker;
import dev.clusterlab.cluster.WorkerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A rolling reload for a cluster that keeps warm standbys ({@code CLUSTERLAB_STANDBY=n}): the
 * standbys forked before it hold the old release, so it first has the runtime replace them
 * ({@code setupPrimary} does), then, for each old worker, waits until a standby of the new release
 * is warm and ready, and disconnects the old worker: the runtime promotes that standby at once,
 * while the old one drains. No new worker answers its first request cold, which is where a plain
 * rolling reload's latency goes.
 */
final class StandbyReload {
    private final int batch;
    private final Duration startTimeout;
    private final Duration drainDeadline;

    StandbyReload(int batch, Duration startTimeout, Duration drainDeadline) {
        this.batch = batch;
        this.startTimeout = startTimeout;
        this.drainDeadline = drainDeadline;
    }

    // tag::standby-reload[]
    /** Reloads {@code old}, the serving workers when the reload began. */
    ReloadOutcome run(List<Worker> old) throws InterruptedException {
        int newerThan = newestId();
        Cluster.setupPrimary(Cluster.settings()); // the same settings: new standbys, which read the new release
        List<Integer> replaced = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        for (int from = 0; from < old.size(); from += batch) {
            List<Worker> outgoing = old.subList(from, Math.min(from + batch, old.size()));
            List<CompletableFuture<?>> exits = new ArrayList<>();
            for (Worker w : outgoing) {
                Worker standby = awaitFreshStandby(newerThan);
                if (standby == null) {
                    return ReloadOutcome.aborted(replaced, started, "no standby of the new release was ready within "
                            + startTimeout.toMillis() + " ms");
                }
                exits.add(w.disconnect(drainDeadline)); // the runtime promotes the oldest ready standby now
                Worker taker = w.replacement();
                started.add(taker == null ? standby.id() : taker.id());
                replaced.add(w.id());
            }
            try {
                CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
                        .get(drainDeadline.toMillis() + 2 * Worker.KILL_GRACE_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                System.err.println("reload: draining workers " + outgoing.stream().map(Worker::id).toList()
                        + " did not finish cleanly: " + e);
            }
        }
        return ReloadOutcome.reloaded(replaced, started);
    }
    // end::standby-reload[]

    /** A standby forked after the reload began that is warm and ready, or null after the start timeout. */
    private Worker awaitFreshStandby(int newerThan) throws InterruptedException {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Worker w : Cluster.standbys().values()) {
                if (w.id() > newerThan && w.state() == WorkerState.LISTENING && w.isReady()) {
                    return w;
                }
            }
            Thread.sleep(10);
        }
        return null;
    }

    /** Worker ids only grow: a standby with a larger id was forked after this call. */
    private static int newestId() {
        int newest = 0;
        for (int id : Cluster.workers().keySet()) {
            newest = Math.max(newest, id);
        }
        for (int id : Cluster.standbys().keySet()) {
            newest = Math.max(newest, id);
        }
        return newest;
    }
}
