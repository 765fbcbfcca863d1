package dev.clusterlab.cluster;

/** Hears each whole line a worker writes to its stdout or stderr. */
@FunctionalInterface
public interface OutputListener {
    /**
     * One line, without its line terminator.
     *
     * @param stderr true if the line came from the worker's stderr
     */
    void onLine(Worker worker, boolean stderr, String line);
}
