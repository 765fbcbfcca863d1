package dev.clusterlab.transport;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.ThreadFactory;

/** Thread factories with readable names, so a thread dump of a worker says who is who. */
public final class NamedThreads {
    private NamedThreads() {
    }

    /** Non-daemon threads named {@code prefix-N}: they keep the JVM alive like Node's open handles. */
    public static ThreadFactory of(String prefix) {
        return new DefaultThreadFactory(prefix, false);
    }

    /** Daemon threads named {@code prefix-N}: helpers that must never keep a JVM alive. */
    public static ThreadFactory daemon(String prefix) {
        return new DefaultThreadFactory(prefix, true);
    }
}
