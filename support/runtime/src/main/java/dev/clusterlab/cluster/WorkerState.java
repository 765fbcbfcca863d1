package dev.clusterlab.cluster;

/** Where a worker is in its life, as Node's {@code worker.state}. */
public enum WorkerState {
    /** Forked; its JVM is starting. */
    NONE,
    /** Connected to the primary and proved the cluster secret. */
    ONLINE,
    /** Has at least one server listening. */
    LISTENING,
    /** Its IPC channel is closed. */
    DISCONNECTED,
    /** Its process has exited. */
    DEAD
}
