package dev.clusterlab.cluster;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers a worker's servers on one address, as Node's {@code child.js} does: a worker's first
 * {@code listen(0)} and its second are different servers, so the primary keys its handles by
 * address and index, and every worker's n-th server on an address shares the n-th handle. A closed
 * server's index is taken again by the next listen.
 */
final class ListenIndexes {
    private final Map<String, BitSet> taken = new HashMap<>();

    /** The lowest free index on {@code address}, now taken. */
    synchronized int take(String address) {
        BitSet indexes = taken.computeIfAbsent(address, a -> new BitSet());
        int index = indexes.nextClearBit(0);
        indexes.set(index);
        return index;
    }

    /** Frees {@code index} on {@code address}. */
    synchronized void release(String address, int index) {
        BitSet indexes = taken.get(address);
        if (indexes != null) {
            indexes.clear(index);
            if (indexes.isEmpty()) {
                taken.remove(address);
            }
        }
    }
}
