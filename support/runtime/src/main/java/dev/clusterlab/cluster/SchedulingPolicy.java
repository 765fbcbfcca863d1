package dev.clusterlab.cluster;

/**
 * How the connections of a port that several workers listen on are spread over them; Node's
 * {@code cluster.schedulingPolicy}. Every policy works on Linux (epoll) and macOS (kqueue).
 */
public enum SchedulingPolicy {
    /**
     * The default, as in Node (SCHED_RR): the primary listens and accepts every connection, and
     * passes each socket to the worker its {@link Scheduler} picks (in turn, by default) over that
     * worker's own Unix socket. Each worker acknowledges what it took and has a bounded window of
     * unacknowledged sockets, so a stalled worker holds only its window and the rest goes to the
     * others; sockets not acknowledged by a worker that dies are handed to another.
     */
    ROUND_ROBIN,
    /**
     * Node's SCHED_NONE: the primary passes its listening socket to each worker once, and all
     * workers accept on it; the kernel wakes whichever it likes, which is rarely fair under load.
     */
    SHARED,
    /**
     * Each worker binds the port itself with SO_REUSEPORT and the kernel spreads new connections
     * over the listeners by a hash of the connection (Node 22.12's {@code reusePort}). Connections
     * still queued on a listener that closes are lost unless {@code net.ipv4.tcp_migrate_req} is on.
     */
    REUSEPORT;

    /** The environment variable that overrides the default, like NODE_CLUSTER_SCHED_POLICY. */
    public static final String ENV = "CLUSTERLAB_SCHED_POLICY";

    /** The policy named by {@link #ENV}, or the default, {@link #ROUND_ROBIN}. */
    public static SchedulingPolicy fromEnvironment() {
        String name = System.getenv(ENV);
        if (name == null || name.isBlank()) {
            return ROUND_ROBIN;
        }
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV + "=" + name + " is not a scheduling policy; use one of "
                    + java.util.Arrays.toString(values()), e);
        }
    }
}
