package dev.clusterlab.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Numbers a worker's servers on one address, as Node's {@code child.js} does ({@code indexes},
 * {@code removeIndexesKey}): a worker's first {@code listen(0)} and its second are different servers,
 * so the primary keys its handles by address and index, and every worker's n-th server on an address
 * shares the n-th handle. As in Node, indexes only grow while any server on the address is open, and
 * start again at 0 once all of them closed: a worker that closes its only server and listens again
 * gets its old handle back.
 */
final class ListenIndexes {
    /** Node's {@code {nextIndex, set}} per address. */
    private static final class Indexes {
        int next;
        final Set<Integer> open = new HashSet<>();
    }

    private final Map<String, Indexes> byAddress = new HashMap<>();

    /** The next index on {@code address}, now open. */
    synchronized int take(String address) {
        Indexes indexes = byAddress.computeIfAbsent(address, a -> new Indexes());
        int index = indexes.next++;
        indexes.open.add(index);
        return index;
    }

    /** Closes {@code index} on {@code address}; the last one closed forgets the address. */
    synchronized void release(String address, int index) {
        Indexes indexes = byAddress.get(address);
        if (indexes != null && indexes.open.remove(index) && indexes.open.isEmpty()) {
            byAddress.remove(address);
        }
    }
}
