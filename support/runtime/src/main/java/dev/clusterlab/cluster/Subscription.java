package dev.clusterlab.cluster;

/** A registered listener; {@link #close()} removes it. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** Removes the listener; later events no longer reach it. */
    @Override
    void close();
}
