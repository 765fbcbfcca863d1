package dev.clusterlab.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * nginx's lingering close, for a connection ended by a 4xx answer while the client may still be
 * sending (the rest of a 64 KiB header, a body, a slow client's trickle). Closing a socket with
 * unread bytes makes the kernel send a reset, which can destroy the answer before the client reads
 * it. So, first in the pipeline, this drops everything that arrives; once the answer is written,
 * {@link #close} half-closes (the client reads the answer, then end of stream) and the connection
 * closes when the client does, after {@value #MAX_BYTES} more bytes, {@value #QUIET_MILLIS} ms
 * without any, or {@value #MAX_MILLIS} ms in all.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {
    static final int MAX_BYTES = 1 << 20;
    static final long QUIET_MILLIS = 500;
    static final long MAX_MILLIS = 2000;
    private static final String NAME = "lingering-close";

    private boolean lingering;
    private long discarded;
    private ScheduledFuture<?> quiet;

    private LingeringClose() {
    }

    /** From now on nothing more reaches the decoder: what arrives is dropped. */
    static void discardInput(Channel channel) {
        if (channel.pipeline().get(NAME) == null) {
            channel.pipeline().addFirst(NAME, new LingeringClose());
        }
    }

    /** The answer is written: half-close, drop what still comes within the bounds, then close. */
    static void close(Channel channel) {
        discardInput(channel);
        ((LingeringClose) channel.pipeline().get(NAME)).begin(channel);
    }

    private void begin(Channel channel) {
        if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
            channel.close();
            return;
        }
        lingering = true;
        duplex.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) {
                channel.close();
            }
        });
        channel.eventLoop().schedule(() -> channel.close(), MAX_MILLIS, TimeUnit.MILLISECONDS);
        restartQuiet(channel);
        channel.config().setAutoRead(true);
        channel.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof io.netty.buffer.ByteBuf bytes) {
            discarded += bytes.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (lingering) {
            if (discarded > MAX_BYTES) {
                ctx.close();
            } else {
                restartQuiet(ctx.channel());
            }
        }
    }

    private void restartQuiet(Channel channel) {
        if (quiet != null) {
            quiet.cancel(false);
        }
        quiet = channel.eventLoop().schedule(() -> channel.close(), QUIET_MILLIS, TimeUnit.MILLISECONDS);
    }
}
