package dev.clusterlab.http;

/** Where an {@link HttpApp}'s handlers run. */
public enum Execution {
    /**
     * On the event loop that read the request, as Node runs every callback on its one thread: the
     * fastest for short handlers, and a slow handler stalls every connection of that loop.
     */
    EVENT_LOOP,
    /** On a new virtual thread per request: a slow or blocking handler stalls only its own request. */
    VIRTUAL_THREADS
}
