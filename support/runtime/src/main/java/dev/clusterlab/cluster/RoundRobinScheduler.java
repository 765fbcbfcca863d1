package dev.clusterlab.cluster;

import java.util.List;

/** {@link Scheduler#roundRobin()}: the first candidate after the worker picked last, wrapping around. */
final class RoundRobinScheduler implements Scheduler {
    private int last = Integer.MIN_VALUE;

    @Override
    public WorkerLoad pick(List<? extends WorkerLoad> candidates) {
        WorkerLoad next = candidates.getFirst();
        for (WorkerLoad candidate : candidates) {
            if (candidate.workerId() > last) {
                next = candidate;
                break;
            }
        }
        last = next.workerId();
        return next;
    }
}
