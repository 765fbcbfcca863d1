package dev.clusterlab.load;

/**
 * Task 4: {@link Task04DistributionSimulation} under REUSEPORT, Node 22.12's {@code reusePort}: each
 * worker binds the port with SO_REUSEPORT, and the kernel hashes each new connection to one of
 * them. Start the cluster with {@code CLUSTERLAB_SCHED_POLICY=REUSEPORT}; the run refuses any other
 * policy.
 */
public final class Task04ReusePortSimulation extends Task04DistributionSimulation {
    /** Gatling's entry point. */
    public Task04ReusePortSimulation() {
        super("REUSEPORT");
    }
}
