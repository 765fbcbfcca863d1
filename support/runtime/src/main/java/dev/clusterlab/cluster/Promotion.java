package dev.clusterlab.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A worker's side of being a warm standby: whether it still is one, and what its servers do when
 * the primary's {@code promote} arrives (a shared socket starts accepting, a reuseport one binds).
 * A server set up while the message is on its way is started at once instead, so none stays idle.
 */
final class Promotion {
    private final Listeners<Runnable> promoted = new Listeners<>("promote");
    /** Application listeners run here, in order with the worker's messages. */
    private final Executor events;
    /** What servers set up as a standby do when promoted; under this object's lock with {@link #standby}. */
    private final List<Runnable> pending = new ArrayList<>();
    private volatile boolean standby;

    Promotion(boolean standby, Executor events) {
        this.standby = standby;
        this.events = events;
    }

    boolean isStandby() {
        return standby;
    }

    Subscription onPromote(Runnable listener) {
        return promoted.add(listener);
    }

    /** Runs {@code start} on promotion, or now if this worker serves already. */
    void whenPromoted(Runnable start) {
        synchronized (this) {
            if (standby) {
                pending.add(start);
                return;
            }
        }
        start.run();
    }

    /**
     * The primary's {@code promote}: serve from now on. Runs on the IPC event loop, so the servers'
     * starts must not block (they only ask their own loops to accept or bind).
     */
    void promote() {
        List<Runnable> starts;
        synchronized (this) {
            if (!standby) {
                return;
            }
            standby = false;
            starts = List.copyOf(pending);
            pending.clear();
        }
        starts.forEach(Runnable::run);
        events.execute(() -> promoted.emit(Runnable::run));
    }
}
