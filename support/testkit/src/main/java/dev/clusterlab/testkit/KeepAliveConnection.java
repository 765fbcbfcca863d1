package dev.clusterlab.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection to 127.0.0.1 that stays open across requests. A cluster gives a
 * connection to one worker for its whole life, so a check can hold one connection per worker: ask
 * {@code /whoami} on it, then send that very worker a slow request, a hang or a frame meant for it.
 * (The JDK's client pools connections behind the check's back; {@link Http#getOnNewConnection}
 * opens a new one per request.) Failures are {@link UncheckedIOException}s naming the request.
 */
public final class KeepAliveConnection implements AutoCloseable {
    private static final int MAX_BODY = 1 << 20;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final int port;

    /** A response: status and body. */
    public record Answer(int status, String body) {
    }

    /** Connects to 127.0.0.1:{@code port}; {@code timeout} bounds the connect and every read. */
    public KeepAliveConnection(int port, Duration timeout) {
        this.port = port;
        this.socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port),
                    (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    /** GET {@code path} on this connection; the answer must carry Content-Length. */
    public Answer get(String path) {
        return send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n", new byte[0], "GET " + path);
    }

    /** POST {@code json} to {@code path} on this connection. */
    public Answer post(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n", body, "POST " + path);
    }

    /** Sends GET {@code path} without waiting for the answer (a slow request, a hang); read nothing after it. */
    public void send(String path) {
        try {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " on a kept-alive connection to 127.0.0.1:" + port
                    + " failed: " + e.getMessage(), e);
        }
    }

    private Answer send(String head, byte[] body, String what) {
        try {
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
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
                throw new IOException("the answer has no usable Content-Length (" + length + ")");
            }
            byte[] answer = in.readNBytes(length);
            if (answer.length < length) {
                throw new IOException("the connection closed in the middle of the answer");
            }
            return new Answer(Integer.parseInt(parts[1]), new String(answer, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(what + " on a kept-alive connection to 127.0.0.1:" + port + " failed: "
                    + e.getMessage(), e);
        }
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
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket we are done with
        }
    }
}
