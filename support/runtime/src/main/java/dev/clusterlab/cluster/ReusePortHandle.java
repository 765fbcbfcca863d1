package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * {@link SchedulingPolicy#REUSEPORT}: every worker binds the port itself with SO_REUSEPORT.
 *
 * <p>For port 0 the primary picks the port, so that all workers share one: it binds a TCP socket
 * with SO_REUSEPORT and never listens on it. That holds the port for the cluster without ever
 * taking a connection, since the kernel only spreads connections over listening sockets.
 */
final class ReusePortHandle extends ServerHandle {
    private final String host;
    private final int port;
    private final SocketChannel reservation;

    ReusePortHandle(String host, int port) throws IOException {
        this.host = host;
        if (port != 0) {
            this.port = port;
            this.reservation = null;
            return;
        }
        SocketChannel socket = SocketChannel.open();
        try {
            socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            socket.bind(new InetSocketAddress(host, 0));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        this.reservation = socket;
        this.port = ((InetSocketAddress) socket.getLocalAddress()).getPort();
    }

    @Override
    void grant(Worker worker, ObjectNode reply) {
        reply.put("policy", SchedulingPolicy.REUSEPORT.name()).put("address", host).put("port", port);
    }

    @Override
    public void close() {
        if (reservation != null) {
            try {
                reservation.close();
            } catch (IOException e) {
                // Closing a bound, unconnected socket does not fail in practice.
            }
        }
    }
}
