package dev.clusterlab.load;

import io.gatling.javaapi.core.Simulation;

/**
 * Task 2: {@link MixedLoad} against the cluster ({@code dev.clusterlab.task02.ClusterServer}), one
 * worker per core on one port; the same scenario as {@link Task01SingleProcessSimulation}.
 */
public final class Task02ClusterSimulation extends Simulation {
    {
        MixedLoad load = MixedLoad.fromSystemProperties("task02 cluster");
        setUp(load.population()).assertions(load.assertions()).maxDuration(load.maxDuration());
    }
}
