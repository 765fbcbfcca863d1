package dev.clusterlab.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a fresh socket per request, with {@code Connection: close}.
 *
 * <p>{@link java.net.http.HttpClient} pools connections and forbids setting {@code Connection}, so a
 * check that needs each request to be a new connection (to see how a cluster spreads connections
 * over workers) uses this instead. It reads exactly one response: by Content-Length, chunked, or to
 * the end of the stream.
 */
final class RawHttp {

    /** A body larger than this is a broken server, not a lab answer. */
    private static final int MAX_BYTES = 16 * 1024 * 1024;

    private RawHttp() {
    }

    /** GET {@code uri} (already checked to be http://127.0.0.1:port) on a connection of its own. */
    static HttpResult get(URI uri, Duration timeout) throws IOException {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return get(uri.getPort(), uri.getRawQuery() != null ? path + "?" + uri.getRawQuery() : path, timeout);
    }

    private static HttpResult get(int port, String path, Duration timeout) throws IOException {
        return send(port, "GET", path, Map.of("Accept", "*/*"), null, timeout);
    }

    /** {@code method path} with {@code requestHeaders} and an optional UTF-8 {@code body}, on a connection of its own. */
    static HttpResult send(int port, String method, String path, Map<String, String> requestHeaders, String body,
            Duration timeout)
            throws IOException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Ports.LOOPBACK, port), (int) Math.max(1, timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n");
            requestHeaders.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(content.length).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            Reader in = new Reader(socket, deadline);
            String statusLine = in.line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP response: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line = in.line(); !line.isEmpty(); line = in.line()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
                }
            }
            byte[] answer = body(in, headers);
            return new HttpResult(status, headers, new String(answer, StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static byte[] body(Reader in, Map<String, List<String>> headers) throws IOException {
        String encoding = first(headers, "transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = in.line();
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
                if (size == 0) {
                    // Trailers, then the empty line that ends the message.
                    while (!in.line().isEmpty()) {
                        // skip
                    }
                    return body.toByteArray();
                }
                body.write(in.bytes(size));
                in.line();
            }
        }
        String length = first(headers, "content-length");
        return length != null ? in.bytes(Integer.parseInt(length.trim())) : in.rest();
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    /** Reads lines and byte runs from the socket, bounded in size and by the request's deadline. */
    private static final class Reader {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;
        private int total;

        Reader(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            // Buffered: the parser reads byte by byte and a syscall per byte would dominate latency.
            this.in = new BufferedInputStream(socket.getInputStream());
            this.deadline = deadline;
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed in the middle of the response");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        byte[] bytes(int n) throws IOException {
            if (n < 0 || n > MAX_BYTES) {
                throw new IOException("bad body length " + n);
            }
            byte[] bytes = new byte[n];
            for (int i = 0; i < n; i++) {
                int b = read();
                if (b < 0) {
                    throw new IOException("connection closed after " + i + " of " + n + " body bytes");
                }
                bytes[i] = (byte) b;
            }
            return bytes;
        }

        byte[] rest() throws IOException {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            int b;
            while ((b = read()) >= 0) {
                rest.write(b);
            }
            return rest.toByteArray();
        }

        private int read() throws IOException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("response not complete within the timeout");
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int b = in.read();
            if (b >= 0) {
                check(1);
            }
            return b;
        }

        private void check(int more) throws IOException {
            total += more;
            if (total > MAX_BYTES) {
                throw new IOException("response larger than " + MAX_BYTES + " bytes");
            }
        }
    }
}
