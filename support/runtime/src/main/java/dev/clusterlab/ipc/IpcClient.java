package dev.clusterlab.ipc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import dev.clusterlab.transport.NativeTransport;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** A worker's end of IPC: connects to the primary and answers its challenge. */
public final class IpcClient {
    private IpcClient() {
    }

    /**
     * Connects to {@code socket} as worker {@code workerId} and completes with the channel once the
     * primary has welcomed it; fails if the primary refuses or closes the connection.
     */
    public static CompletableFuture<IpcChannel> connect(Path socket, String secret, int workerId,
                                                        int maxFrameBytes, EventLoopGroup group) {
        return connect(socket, secret, workerId, maxFrameBytes, group, Frames.of("hello"));
    }

    /**
     * Connects as {@link #connect(Path, String, int, int, EventLoopGroup)} does, with {@code hello}'s
     * fields (say what the connection is for) in the hello frame; its {@code id} and {@code proof}
     * are set here.
     */
    public static CompletableFuture<IpcChannel> connect(Path socket, String secret, int workerId,
                                                        int maxFrameBytes, EventLoopGroup group, ObjectNode hello) {
        CompletableFuture<IpcChannel> ready = new CompletableFuture<>();
        IpcChannel[] holder = new IpcChannel[1];
        Channel ch = new Bootstrap()
                .group(group)
                .channel(NativeTransport.get().domainSocketChannel())
                .handler(new ChannelInitializer<DomainSocketChannel>() {
                    @Override
                    protected void initChannel(DomainSocketChannel c) {
                        holder[0] = IpcChannel.install(c, maxFrameBytes, "primary");
                        holder[0].onFrame(frame -> {
                            // tag::answer[]
                            switch (Frames.act(frame)) {
                                case "challenge" -> holder[0].send(hello.put("act", "hello").put("id", workerId)
                                        .put("proof", Handshake.proof(secret, frame.path("nonce").asText(), workerId)));
                                case "welcome" -> {
                                    holder[0].hold(); // the primary may talk before our owner listens
                                    ready.complete(holder[0]);
                                }
                                default -> {
                                    ready.completeExceptionally(new IllegalStateException(
                                            "the primary sent " + Frames.act(frame) + " before welcome"));
                                    holder[0].close();
                                }
                            }
                            // end::answer[]
                        });
                    }
                })
                .connect(new DomainSocketAddress(socket.toString()))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        ready.completeExceptionally(f.cause());
                    }
                })
                .channel();
        ch.closeFuture().addListener(f -> ready.completeExceptionally(
                new IllegalStateException("the primary closed the IPC connection during the handshake")));
        return ready;
    }
}
