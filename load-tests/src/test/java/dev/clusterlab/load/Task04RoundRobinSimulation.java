package dev.clusterlab.load;

/**
 * Task 4: {@link Task04DistributionSimulation} under ROUND_ROBIN, Node's default (SCHED_RR): the
 * primary accepts every connection and passes it to the workers in turn. Start the cluster with
 * {@code CLUSTERLAB_SCHED_POLICY=ROUND_ROBIN} (or without it: the default); the run refuses any other
 * policy.
 */
public final class Task04RoundRobinSimulation extends Task04DistributionSimulation {
    /** Gatling's entry point. */
    public Task04RoundRobinSimulation() {
        super("ROUND_ROBIN");
    }
}
