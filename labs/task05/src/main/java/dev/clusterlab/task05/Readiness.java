package dev.clusterlab.task05;

import java.util.HashSet;
import java.util.Set;

/**
 * Whether one cluster instance should get traffic, kept by its primary: the state machine behind
 * {@code GET /readyz}. An instance is {@link State#STARTING} until every one of its workers has said
 * it is ready, then {@link State#READY}; {@link #drain()} makes it {@link State#DRAINING} (it still
 * serves what reaches it, but asks to be taken out of rotation) until {@link #resume()}.
 *
 * <p>Liveness is another matter: {@code GET /healthz} answers 200 in every state, because a starting
 * or draining instance is not broken and must not be restarted. Thread-safe: the cluster's events
 * and the admin endpoints call it from different threads.
 */
final class Readiness {

    /** What {@code GET /readyz} reports. */
    enum State {
        /** Not every worker is ready yet (or none is left): 503. */
        STARTING,
        /** Every worker said it is ready: 200. */
        READY,
        /** Taken out of rotation on purpose, before a stop or a deploy: 503. */
        DRAINING
    }

    private final int workers;
    private final Set<Integer> ready = new HashSet<>();
    private State state = State.STARTING;
    /** Whether every worker was ready once: from then on one ready worker keeps the instance READY. */
    private boolean started;
    private boolean draining;

    /** An instance of {@code workers} workers, none of them ready yet. */
    Readiness(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        this.workers = workers;
    }

    /** The state now. */
    synchronized State state() {
        return state;
    }

    // tag::readiness[]
    /** Worker {@code id} said it is ready ({@code Cluster.onReady}); returns the new state. */
    synchronized State workerReady(int id) {
        throw new UnsupportedOperationException("TODO(task05): remember id among the ready workers, then return update()");
    }

    /** Worker {@code id} exited; returns the new state. */
    synchronized State workerGone(int id) {
        throw new UnsupportedOperationException("TODO(task05): forget id among the ready workers, then return update()");
    }

    /** Take the instance out of rotation; returns the new state ({@link State#DRAINING}). */
    synchronized State drain() {
        throw new UnsupportedOperationException("TODO(task05): remember that the instance drains, then return update()");
    }

    /** Put it back in rotation; returns the new state (READY, or STARTING while workers are missing). */
    synchronized State resume() {
        throw new UnsupportedOperationException("TODO(task05): forget the draining, then return update()");
    }

    /**
     * The state that follows from what is known: DRAINING while draining, whatever the workers do;
     * else READY once all {@code workers} have been ready, and as long as one ready worker is left (a
     * crashed worker costs capacity, not the instance's place in rotation); else STARTING.
     */
    private State update() {
        throw new UnsupportedOperationException("TODO(task05): set started once every worker is ready; state = DRAINING while draining, else READY when started and a ready worker is left, else STARTING; return it");
    }
    // end::readiness[]
}
