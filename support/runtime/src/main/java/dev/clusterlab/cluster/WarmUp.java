package dev.clusterlab.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A worker's warm-up hooks ({@link CurrentWorker#onWarmUp}): run once, by the first listen, before
 * the worker reports listening, so that the primary sees a standby as ready only when it is warm.
 */
final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    private final List<Runnable> hooks = new ArrayList<>();
    private boolean done;

    /** Keeps {@code hook} for the first listen, or runs it now if that has passed. */
    void add(Runnable hook) {
        java.util.Objects.requireNonNull(hook, "hook");
        synchronized (this) {
            if (!done) {
                hooks.add(hook);
                return;
            }
        }
        runOne(hook);
    }

    /** Runs the hooks kept so far, on the caller's thread, the first time only. */
    void run() {
        List<Runnable> toRun;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            toRun = List.copyOf(hooks);
            hooks.clear();
        }
        if (toRun.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        toRun.forEach(WarmUp::runOne);
        LOG.info("warm-up took {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    private static void runOne(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            // A failed warm-up leaves the worker cold, not broken: it still serves.
            LOG.error("a warm-up hook failed", e);
        }
    }
}
