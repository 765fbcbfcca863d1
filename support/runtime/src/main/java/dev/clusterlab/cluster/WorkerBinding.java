package dev.clusterlab.cluster;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A worker's binding: the policy's own, with its requests, timeouts and refused connections counted for {@link WorkerStats}, and
 * {@code onClose} run when the server stops taking connections (it frees the listen's index, once).
 */
record WorkerBinding(ServerBinding binding, ServerCounters counters, Runnable onClose) implements ServerBinding {

    @Override
    public InetSocketAddress localAddress() {
        return binding.localAddress();
    }

    @Override
    public CompletableFuture<Void> close() {
        onClose.run();
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

    @Override
    public void headersTimedOut() {
        counters.headersTimedOut();
    }

    @Override
    public void requestTimedOut() {
        counters.requestTimedOut();
    }

    @Override
    public void connectionRefused() {
        counters.connectionRefused();
    }

    @Override
    public void full(boolean full) {
        binding.full(full);
    }
}
