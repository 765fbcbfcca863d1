package dev.clusterlab.cluster;

/**
 * What the primary knows, right now, about one worker's share of a round-robin port: the live state
 * a {@link Scheduler} picks from. Counts are for this port only and read on the primary's IPC
 * event loop, where they change.
 */
public interface WorkerLoad {

    /** The worker's id. */
    int workerId();

    /** Connections handed to this worker since it started listening. */
    long handed();

    /** Connections sent to this worker that it has not acknowledged yet (at most the window). */
    int pending();

    /** Connections this worker acknowledged and has not closed yet. */
    long open();
}
