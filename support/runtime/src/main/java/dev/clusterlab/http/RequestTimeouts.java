package dev.clusterlab.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Times each request from its first byte, ahead of the decoder (which keeps a partial request to
 * itself): {@link HttpLimits#headersTimeout()} until {@link #headersEnded()}, and
 * {@link HttpLimits#requestTimeout()} until {@link #requestEnded()}. Bytes that trickle in do not
 * restart either clock, which is what cuts a slowloris client that the idle timeout never would.
 * The clock of a request starts with the first read that finds none running, so one pipelined
 * behind another in the same read starts at its next read. Confined to the connection's event loop.
 */
final class RequestTimeouts extends ChannelInboundHandlerAdapter {

    /** Which clock ran out. */
    enum Timeout {
        HEADERS("headersTimeout", "the request's headers"),
        REQUEST("requestTimeout", "the whole request");

        final String limit;
        final String what;

        Timeout(String limit, String what) {
            this.limit = limit;
            this.what = what;
        }
    }

    private final long headersMillis;
    private final long requestMillis;
    private final Consumer<Timeout> onExpiry;
    private ScheduledFuture<?> headers;
    private ScheduledFuture<?> request;
    /** A request has begun and is not whole yet, or a clock ran out: no new clock starts. */
    private boolean timing;

    RequestTimeouts(HttpLimits limits, Consumer<Timeout> onExpiry) {
        this.headersMillis = limits.headersTimeout().toMillis();
        this.requestMillis = limits.requestTimeout().toMillis();
        this.onExpiry = onExpiry;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!timing && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            timing = true;
            headers = ctx.executor().schedule(() -> expire(Timeout.HEADERS), headersMillis, TimeUnit.MILLISECONDS);
            request = ctx.executor().schedule(() -> expire(Timeout.REQUEST), requestMillis, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** The decoder has the request's head: only the request clock runs on. */
    void headersEnded() {
        cancel(headers);
    }

    /** The request is whole: the next byte starts new clocks. */
    void requestEnded() {
        cancel(headers);
        cancel(request);
        timing = false;
    }

    private void expire(Timeout timeout) {
        cancel(headers);
        cancel(request);
        onExpiry.accept(timeout);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel(headers);
        cancel(request);
        ctx.fireChannelInactive();
    }

    private static void cancel(ScheduledFuture<?> clock) {
        if (clock != null) {
            clock.cancel(false);
        }
    }
}
