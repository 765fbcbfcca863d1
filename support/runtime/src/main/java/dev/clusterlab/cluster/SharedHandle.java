package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterlab.ipc.Frames;
import dev.clusterlab.ipc.IpcChannel;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.UnixChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * {@link SchedulingPolicy#SHARED}: Node's {@code shared_handle.js}. The primary binds and listens
 * but never accepts; each worker receives the listening socket once and accepts on it.
 */
final class SharedHandle extends ServerHandle {
    private static final Logger LOG = LoggerFactory.getLogger(SharedHandle.class);

    private final Channel listener;
    private final String host;
    private final int port;

    SharedHandle(String host, int port, EventLoopGroup group) throws IOException {
        this.host = host;
        this.listener = PrimaryListener.bind(group, host, port, null);
        this.port = ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    void grant(Worker worker, ObjectNode reply) throws IOException {
        refuseSecondListen(worker, host, port);
        reply.put("policy", SchedulingPolicy.SHARED.name()).put("address", host).put("port", port);
    }

    @Override
    String attach(Worker worker, IpcChannel channel) {
        if (!has(worker) || !listener.isOpen()) {
            return "worker " + worker.id() + " does not listen on " + host + ":" + port;
        }
        channel.onFrame(frame -> {
            if ("ready".equals(Frames.act(frame))) {
                // Netty never closes a descriptor it passes: the primary's listener stays as it is.
                channel.channel().writeAndFlush(((UnixChannel) listener).fd()).addListener(f -> {
                    if (!f.isSuccess()) {
                        LOG.warn("passing {}:{} to worker {} failed: {}", host, port, worker.id(), f.cause().toString());
                        channel.close();
                    }
                });
            } else {
                LOG.warn("worker {} sent {} while waiting for its listening socket", worker.id(), Frames.act(frame));
                channel.close();
            }
        });
        channel.send(Frames.of("welcome"));
        return null;
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
    }
}
