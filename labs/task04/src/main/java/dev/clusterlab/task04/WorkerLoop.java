package dev.clusterlab.task04;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A worker's one application thread, the counterpart of a Node worker's event loop: every request's
 * work and the heartbeat timer run on it, one task at a time. A task that never ends (an endless
 * loop, a deadlock) stops everything else on it, heartbeats included: a hung worker.
 *
 * <p>Why not the HTTP event loop itself: an {@code HttpApp} handler answers by returning, so a
 * request that waits (a slow backend, {@code /slow}) would hold the loop it runs on. Handlers run
 * on virtual threads instead and hand their work to this thread, where a delayed answer is a timer,
 * as {@code setTimeout} is in Node.
 */
final class WorkerLoop {
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "worker-loop");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code task} on the loop, behind whatever is queued there, and waits for its result. */
    <T> T call(Callable<T> task) throws InterruptedException, ExecutionException {
        return thread.submit(task).get();
    }

    /** Runs {@code task} on the loop after {@code delay} (a timer: the loop is free meanwhile) and waits. */
    <T> T callAfter(Duration delay, Callable<T> task) throws InterruptedException, ExecutionException {
        return thread.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS).get();
    }

    /** Runs {@code task} on the loop now and then every {@code period}, while the loop is free to run it. */
    void every(Duration period, Runnable task) {
        thread.scheduleAtFixedRate(task, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }
}
