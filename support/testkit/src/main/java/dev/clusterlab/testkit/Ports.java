package dev.clusterlab.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** TCP port helpers for 127.0.0.1, the only address checks ever use. */
public final class Ports {

    /** 127.0.0.1 itself, not "the loopback address", which may be ::1 when IPv6 is preferred. */
    static final InetAddress LOOPBACK = loopback();
    /**
     * Ports handed out by this JVM: the OS may offer a port again as soon as the probe closes, and
     * a check that asks for two ports before starting anything must get two.
     */
    private static final java.util.Set<Integer> HANDED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /**
     * A port that is free on 127.0.0.1 right now and that this JVM has not handed out before. The OS
     * picks it (bind to port 0), so two checks never race for a hard-coded number; the small window
     * before the app binds it is accepted.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = probe();
            if (HANDED.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("the OS kept offering ports this JVM handed out already: " + HANDED.size());
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket()) {
            // Without SO_REUSEADDR the port could sit in TIME_WAIT and refuse the app's bind.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free TCP port on 127.0.0.1", e);
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port} (tries once, briefly). */
    public static boolean isAccepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
