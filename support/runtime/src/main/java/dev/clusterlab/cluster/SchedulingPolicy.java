package dev.clusterlab.cluster;

/**
 * How the connections of a port that several workers listen on are spread over them; Node's
 * {@code cluster.schedulingPolicy}.
 */
public enum SchedulingPolicy {
    /**
     * Each worker binds the port itself with SO_REUSEPORT and the kernel spreads new connections
     * over the listeners by a hash of the connection (Node 22.12's {@code reusePort}). Connections
     * still queued on a listener that closes are lost unless {@code net.ipv4.tcp_migrate_req} is on.
     */
    REUSEPORT;

    /** The environment variable that overrides the default, like NODE_CLUSTER_SCHED_POLICY. */
    public static final String ENV = "CLUSTERLAB_SCHED_POLICY";

    /** The policy named by {@link #ENV}, or the default. */
    public static SchedulingPolicy fromEnvironment() {
        String name = System.getenv(ENV);
        if (name == null || name.isBlank()) {
            return REUSEPORT;
        }
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV + "=" + name + " is not a scheduling policy; use one of "
                    + java.util.Arrays.toString(values()), e);
        }
    }
}
