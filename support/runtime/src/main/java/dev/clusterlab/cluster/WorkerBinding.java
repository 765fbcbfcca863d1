package dev.clusterlab.cluster;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * A worker's binding: the policy's own, with its requests, timeouts and refused connections counted for {@link WorkerStats}, and
 * {@code onClose} given the policy binding's close: it frees the listen's index and tells the primary
 * once the server takes no more connections (Node's {@code close} act), and its future is what
 * {@link #close()} returns.
 */
record WorkerBinding(ServerBinding binding, ServerCounters counters, UnaryOperator<CompletableFuture<Void>> onClose)
        implements ServerBinding {

    @Override
    public InetSocketAddress localAddress() {
        return binding.localAddress();
    }

    @Override
    public CompletableFuture<Void> close() {
        return onClose.apply(binding.close());
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
