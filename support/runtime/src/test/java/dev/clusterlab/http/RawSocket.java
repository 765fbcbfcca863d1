package dev.clusterlab.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A client socket for tests that must send exactly the bytes they mean, malformed ones included. */
final class RawSocket implements AutoCloseable {
    private final Socket socket = new Socket();

    RawSocket(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Reads until {@code marker} has been seen {@code times} times, the peer closes, or 5 s pass. */
    String readUntil(String marker, int times) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                String text = out.toString(StandardCharsets.ISO_8859_1);
                if (text.split(java.util.regex.Pattern.quote(marker), -1).length - 1 >= times) {
                    return text;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // return what came so far
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the peer closes the connection within 5 s. */
    boolean closedByPeer() throws IOException {
        try {
            while (true) {
                if (socket.getInputStream().read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
