package dev.clusterlab.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The primary's warm standby workers ({@link ClusterSettings.Builder#standby(int)}): keeps the
 * settings' number of them, promotes the oldest ready one when a serving worker leaves, and
 * replaces a standby that dies. Beyond Node, pm2 and gunicorn, which all fork a replacement only
 * after the loss, so that it is cold and ~0.4 s away.
 *
 * <p>Confined to the cluster's event thread: every method runs there.
 */
final class StandbyPool {
    private static final Logger LOG = LoggerFactory.getLogger(StandbyPool.class);
    /** The first retry after a standby died before it ever listened; doubled each time, up to {@link #MAX_BACKOFF_MS}. */
    static final long FIRST_BACKOFF_MS = 250;
    /** A standby that cannot start (broken code or settings) is retried this often at most, not in a tight loop. */
    static final long MAX_BACKOFF_MS = 30_000;

    /** Forks one standby, or returns null when the pool is stopped ({@link Cluster#disconnect()}). */
    interface Forker {
        Worker forkStandby();
    }

    private final Forker forker;
    private final IntSupplier wanted;
    /** Makes {@code worker} serve in {@code replaced}'s place: the handles and the IPC message. */
    private final BiConsumer<Worker, Worker> promote;
    private final Supplier<Boolean> active;
    private final java.util.function.Consumer<Runnable> onEventThread;
    /** The standbys kept, oldest first; retired ones (still draining) are no longer here. */
    private final Deque<Worker> standbys = new ArrayDeque<>();
    private int failures;
    private boolean retryPending;

    StandbyPool(Forker forker, IntSupplier wanted, Supplier<Boolean> active, BiConsumer<Worker, Worker> promote,
                java.util.function.Consumer<Runnable> onEventThread) {
        this.forker = forker;
        this.wanted = wanted;
        this.active = active;
        this.promote = promote;
        this.onEventThread = onEventThread;
    }

    /** Forks standbys until there are as many as the settings want (none while a retry waits). */
    void topUp() {
        while (!retryPending && standbys.size() < wanted.getAsInt()) {
            Worker standby;
            try {
                standby = forker.forkStandby();
            } catch (RuntimeException e) {
                LOG.error("cannot fork a standby worker: {}", e.getMessage());
                failures++;
                retryLater();
                return;
            }
            if (standby == null) {
                return; // stopped
            }
            standbys.add(standby);
        }
        while (standbys.size() > wanted.getAsInt()) {
            standbys.pollLast().disconnect(); // the newest: the oldest is the warmest
        }
    }

    /** The settings changed: standbys forked with the old ones are retired and new ones forked. */
    void settingsChanged() {
        List<Worker> old = new ArrayList<>(standbys);
        standbys.clear();
        old.forEach(Worker::disconnect);
        topUp();
    }

    /** A standby listens now: it is ready to be promoted, and the pool's start failures are over. */
    void listening(Worker worker) {
        if (standbys.contains(worker)) {
            failures = 0;
        }
    }

    /**
     * {@code replaced}, a serving worker, exited, lost its IPC channel or is being disconnected:
     * promotes the oldest ready standby in its place (a starting one if none is ready: it then
     * serves as soon as it listens), then forks a new standby behind the events of this turn.
     */
    void replace(Worker replaced) {
        if (replaced.isStandby() || replaced.replacement() != null || !active.get()) {
            return;
        }
        Worker chosen = null;
        for (Worker standby : standbys) {
            if (standby.state() == WorkerState.LISTENING && !standby.isDead()) {
                chosen = standby;
                break;
            }
        }
        if (chosen == null) {
            chosen = standbys.stream().filter(w -> !w.isDead() && !w.wasDisconnected()).findFirst().orElse(null);
        }
        if (chosen == null) {
            if (wanted.getAsInt() > 0) {
                LOG.warn("{} left and no standby is left to take its place", replaced);
            }
            return;
        }
        standbys.remove(chosen);
        promote.accept(chosen, replaced);
        onEventThread.accept(this::topUp); // after the replaced worker's disconnect and exit events
    }

    /** A worker exited: if it was a standby, another is forked (later, if it never got to listen). */
    void exited(Worker worker) {
        if (!standbys.remove(worker) || !active.get()) {
            return; // promoted, retired, never a standby, or the cluster is being disconnected
        }
        if (worker.wasListening()) {
            LOG.warn("standby {} exited ({}); forking another", worker, worker.exitStatus());
            topUp();
            return;
        }
        failures++;
        LOG.warn("standby {} exited ({}) before it listened; forking another", worker, worker.exitStatus());
        retryLater();
    }

    private void retryLater() {
        if (retryPending) {
            return;
        }
        retryPending = true;
        long delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(16, Math.max(0, failures - 1)));
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> onEventThread.accept(() -> {
            retryPending = false;
            if (active.get()) {
                topUp();
            }
        }));
    }
}
