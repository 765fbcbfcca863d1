package dev.clusterlab.cluster;

import dev.clusterlab.ipc.Frames;
import dev.clusterlab.ipc.IpcChannel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A worker's counts over all its servers, reported to the primary as {@link WorkerStats} (a
 * {@code stats} frame, only when they changed). Connections are counted by a handler at the head
 * of each connection's pipeline; requests, timeouts and refusals by the server, through {@link ServerBinding#requestServed()} and its
 * neighbours.
 */
final class ServerCounters {
    private final LongAdder connections = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder headersTimeouts = new LongAdder();
    private final LongAdder requestTimeouts = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private WorkerStats reported = WorkerStats.NONE;

    /** Reports on {@code ipc}'s event loop until it closes. */
    void reportOn(IpcChannel ipc) {
        ipc.channel().eventLoop().scheduleWithFixedDelay(() -> {
            WorkerStats now = new WorkerStats(connections.sum(), connections.sum() - closed.sum(), requests.sum(),
                    headersTimeouts.sum(), requestTimeouts.sum(), refused.sum());
            if (!now.equals(reported) && ipc.isOpen()) {
                reported = now;
                ipc.send(Frames.of("stats").put("connections", now.connections()).put("open", now.open())
                        .put("requests", now.requests()).put("headersTimeouts", now.headersTimeouts())
                        .put("requestTimeouts", now.requestTimeouts()).put("refused", now.refused()));
            }
        }, WorkerStats.REPORT_INTERVAL_MS, WorkerStats.REPORT_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    void requestServed() {
        requests.increment();
    }

    void headersTimedOut() {
        headersTimeouts.increment();
    }

    void requestTimedOut() {
        requestTimeouts.increment();
    }

    void connectionRefused() {
        refused.increment();
    }

    /** Counts a connection from its registration to its close. */
    ChannelHandler connectionCounter() {
        return counter;
    }

    private final ChannelHandler counter = new Counter();

    @ChannelHandler.Sharable
    private final class Counter extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            connections.increment();
            ctx.channel().closeFuture().addListener(f -> closed.increment());
            ctx.pipeline().remove(this); // nothing to do per read
        }
    }
}
