package dev.clusterlab.cluster;

import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Where a server's connections come from, as {@link Cluster#listen} set it up: a socket of its own
 * ({@link SchedulingPolicy#REUSEPORT}, or a process that is not a worker), the primary's listening
 * socket ({@link SchedulingPolicy#SHARED}), or sockets the primary accepted and hands over
 * ({@link SchedulingPolicy#ROUND_ROBIN}). Node's worker-side server handle.
 */
public interface ServerBinding {

    /** The address clients connect to. */
    InetSocketAddress localAddress();

    /**
     * Stops this server getting new connections (connections it already has stay open); idempotent.
     *
     * @return completes once no new connection can arrive
     */
    CompletableFuture<Void> close();

    /** Whether new connections may still arrive. */
    boolean isOpen();

    /**
     * Counts one request answered, for the primary's {@link Worker#stats()}; servers call it once
     * per response. Outside a worker it does nothing.
     */
    default void requestServed() {
    }

    /** Counts a connection cut by the headers timeout, for {@link Worker#stats()}. */
    default void headersTimedOut() {
    }

    /** Counts a connection cut by the request timeout, for {@link Worker#stats()}. */
    default void requestTimedOut() {
    }

    /** Counts a connection closed at once because the server had its maximum, for {@link Worker#stats()}. */
    default void connectionRefused() {
    }

    /**
     * The server has its maximum of connections ({@code true}) or room again. Under
     * {@link SchedulingPolicy#ROUND_ROBIN} the primary then skips this worker, or picks it again;
     * under the other policies the kernel picks and this does nothing.
     */
    default void full(boolean full) {
    }

    /** A binding that is a listening channel of this process. */
    static ServerBinding of(Channel listener) {
        return new ChannelBinding(listener);
    }
}
