package dev.clusterlab.load;

/**
 * Task 4: {@link Task04DistributionSimulation} under SHARED, Node's SCHED_NONE: the primary passes
 * its listening socket to each worker once, and whichever worker the kernel wakes accepts. Start the
 * cluster with {@code CLUSTERLAB_SCHED_POLICY=SHARED}; the run refuses any other policy.
 */
public final class Task04SharedSimulation extends Task04DistributionSimulation {
    /** Gatling's entry point. */
    public Task04SharedSimulation() {
        super("SHARED");
    }
}
