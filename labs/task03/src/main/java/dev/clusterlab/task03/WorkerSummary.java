package dev.clusterlab.task03;

/**
 * One worker as the supervisor's registry sees it; {@code GET /stats} lists them.
 *
 * @param id     the worker's id (a replacement gets a new one, as in Node)
 * @param pid    its process id
 * @param status where it is in its start
 */
public record WorkerSummary(int id, long pid, Status status) {

    /** Where a worker is in its start, from the cluster's events. */
    public enum Status {
        /** Forked ({@code fork}): its JVM is starting. */
        STARTING,
        /** Connected to the primary ({@code online}). */
        ONLINE,
        /** Serving ({@code listening}). */
        LISTENING
    }

    /** This worker in another status. */
    public WorkerSummary withStatus(Status newStatus) {
        return new WorkerSummary(id, pid, newStatus);
    }
}
