package dev.clusterlab.cluster;

import dev.clusterlab.ipc.Frames;
import dev.clusterlab.ipc.IpcChannel;
import dev.clusterlab.ipc.IpcClient;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.channel.unix.DomainSocketReadMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A worker's second kind of IPC connection: one per address it listens on under
 * {@link SchedulingPolicy#ROUND_ROBIN} or {@link SchedulingPolicy#SHARED}, over which the primary
 * passes sockets (SCM_RIGHTS) and nothing else, since a Unix socket reads either bytes or
 * descriptors. The worker still writes frames on it (ready, acknowledgements).
 */
final class PassedSockets {
    private PassedSockets() {
    }

    /**
     * Connects and proves the secret like the main channel, naming the address in its hello, then
     * switches to reading descriptors. The primary sends none before the caller's {@code ready}.
     */
    static IpcChannel connect(Bootstrap bootstrap, EventLoopGroup group, String server, Duration timeout) {
        IpcChannel channel;
        try {
            channel = IpcClient.connect(Path.of(bootstrap.socket()), bootstrap.secret(), bootstrap.id(),
                    bootstrap.maxMessageBytes(), group, Frames.of("hello").put("server", server))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("worker " + bootstrap.id() + ": cannot open the socket-passing connection"
                    + " for " + server + ": " + e.getMessage(), e);
        }
        channel.channel().eventLoop().submit(() -> ((DomainSocketChannel) channel.channel()).config()
                .setReadMode(DomainSocketReadMode.FILE_DESCRIPTORS)).syncUninterruptibly();
        return channel;
    }
}
