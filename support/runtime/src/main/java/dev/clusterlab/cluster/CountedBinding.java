package dev.clusterlab.cluster;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** A worker's binding: the policy's own, with its requests counted for {@link WorkerStats}. */
record CountedBinding(ServerBinding binding, ServerCounters counters) implements ServerBinding {

    @Override
    public InetSocketAddress localAddress() {
        return binding.localAddress();
    }

    @Override
    public CompletableFuture<Void> close() {
        return binding.close();
    }

    @Override
    public boolean isOpen() {
        return binding.isOpen();
    }

    @Override
    public void requestServed() {
        counters.requestServed();
    }
}
