package dev.clusterlab.load;

import io.gatling.javaapi.core.Simulation;

/**
 * Task 1: {@link MixedLoad} against the single-process server
 * ({@code dev.clusterlab.task01.SingleProcessServer}), where every request shares one event loop.
 */
public final class Task01SingleProcessSimulation extends Simulation {
    {
        MixedLoad load = MixedLoad.fromSystemProperties("task01 single process");
        setUp(load.population()).assertions(load.assertions()).maxDuration(load.maxDuration());
    }
}
