package dev.clusterlab.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The listeners of one event, like one event name of Node's EventEmitter. */
final class Listeners<T> {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private final List<T> listeners = new CopyOnWriteArrayList<>();
    private final String event;

    Listeners(String event) {
        this.event = event;
    }

    Subscription add(T listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Calls every listener; one that throws is logged and does not stop the others. */
    void emit(Consumer<T> call) {
        for (T listener : listeners) {
            try {
                call.accept(listener);
            } catch (Exception | Error e) { // an Error too (a missing class...): the event's state change must go on
                if (e instanceof VirtualMachineError vm) {
                    throw vm;
                }
                LOG.error("a '{}' listener failed", event, e);
            }
        }
    }
}
