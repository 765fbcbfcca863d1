package dev.clusterlab.task02;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection to 127.0.0.1 that stays open across requests. A connection is
 * accepted by one worker and stays with it, so a check can hold one connection per worker and make
 * sure two requests go to two different workers. (The testkit's clients either pool connections
 * behind the check's back or open a new one per request.)
 */
final class KeepAliveConnection implements AutoCloseable {
    private static final int MAX_BODY = 1 << 20;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final int port;

    /** A response: status and body. */
    record Answer(int status, String body) {
    }

    KeepAliveConnection(int port, Duration timeout) throws IOException {
        this.port = port;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port),
                (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** Sends GET {@code path} on this connection and reads the answer (which must carry Content-Length). */
    Answer get(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: */*\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String status = line();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + status);
        }
        int length = -1;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(header.substring("content-length:".length()).trim());
            }
        }
        if (length < 0 || length > MAX_BODY) {
            throw new IOException("the answer to GET " + path + " has no usable Content-Length (" + length + ")");
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("the connection closed in the middle of the answer to GET " + path);
        }
        return new Answer(Integer.parseInt(parts[1]), new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed in the middle of an answer");
            }
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 16 * 1024) {
                throw new IOException("a line of the answer is longer than 16 KiB");
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
