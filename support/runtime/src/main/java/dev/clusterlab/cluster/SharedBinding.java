package dev.clusterlab.cluster;

import dev.clusterlab.ipc.Frames;
import dev.clusterlab.ipc.IpcChannel;
import dev.clusterlab.transport.NativeTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.ReferenceCountUtil;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A worker's server under {@link SchedulingPolicy#SHARED}: it receives the primary's listening
 * socket once (the worker side of {@link SharedHandle}) and accepts on it like its own. Closing it
 * closes only this worker's copy; the primary and the other workers keep listening.
 */
final class SharedBinding {
    private SharedBinding() {
    }

    /**
     * Asks for the listening socket on {@code link} (from {@link PassedSockets#connect}) and serves it.
     *
     * @param paused true for a standby: the socket is registered with auto-read off, so it never
     *               accepts (the kernel wakes only the workers that asked) until
     *               {@code setAutoRead(true)} on the returned channel
     * @return the worker's listening channel (its copy of the primary's socket)
     */
    static io.netty.channel.Channel start(IpcChannel link, ServerBootstrap server, Duration timeout, boolean paused) {
        CompletableFuture<FileDescriptor> passed = new CompletableFuture<>();
        link.channel().eventLoop().submit(() -> link.channel().pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof FileDescriptor fd) {
                    passed.complete(fd);
                } else {
                    ReferenceCountUtil.release(msg);
                }
            }
        })).syncUninterruptibly();
        link.closeFuture().thenRun(() -> passed.completeExceptionally(
                new IllegalStateException("the primary closed the connection before passing the socket")));
        link.send(Frames.of("ready"));
        FileDescriptor fd;
        try {
            fd = passed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("did not get the shared listening socket: " + e.getMessage(), e);
        } finally {
            link.close();
        }
        io.netty.channel.ServerChannel listener = NativeTransport.get().adoptServerSocket(fd.intValue());
        if (paused) {
            listener.config().setAutoRead(false); // before registration: no accept and no EPOLLIN interest
        }
        return Adoption.listener(server, listener).syncUninterruptibly().channel();
    }
}
