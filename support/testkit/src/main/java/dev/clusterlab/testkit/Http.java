package dev.clusterlab.testkit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A small HTTP client for checks, for 127.0.0.1 only. Failures (refused, reset, timed out) come back as
 * {@link UncheckedIOException}s that name the request, so a check reads as plain assertions.
 */
public final class Http {

    /** How long a request may take by default, connect to last body byte. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private Http() {
    }

    /** GET {@code path} on 127.0.0.1:{@code port}, on a pooled keep-alive connection. */
    public static HttpResult get(int port, String path) {
        return get(port, path, DEFAULT_TIMEOUT);
    }

    /** GET {@code path} on 127.0.0.1:{@code port}, bounded by {@code timeout}. */
    public static HttpResult get(int port, String path, Duration timeout) {
        return send(HttpRequest.newBuilder(uri(port, path)).timeout(timeout).GET().build());
    }

    /** POST {@code body} with {@code contentType} to {@code path} on 127.0.0.1:{@code port}. */
    public static HttpResult post(int port, String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(uri(port, path)).timeout(DEFAULT_TIMEOUT)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * GET on a new TCP connection that is closed after the response ({@code Connection: close}), so
     * every request is a new connection to the cluster: what spreads load in round-robin.
     */
    public static HttpResult getOnNewConnection(int port, String path) {
        return getOnNewConnection(port, path, DEFAULT_TIMEOUT);
    }

    /** {@link #getOnNewConnection(int, String)} bounded by {@code timeout}. */
    public static HttpResult getOnNewConnection(int port, String path, Duration timeout) {
        URI uri = uri(port, path);
        try {
            return RawHttp.get(uri, timeout);
        } catch (IOException e) {
            throw failed("GET " + uri + " (new connection)", e);
        }
    }

    /**
     * {@code method path} with {@code headers} and a UTF-8 {@code body} (null for none) on a new
     * connection ({@code Connection: close}), like {@link #getOnNewConnection(int, String)}: for a
     * request with a session token or an API key that must reach the next worker under round-robin.
     */
    public static HttpResult sendOnNewConnection(int port, String method, String path, Map<String, String> headers,
            String body, Duration timeout) {
        URI uri = uri(port, path);
        try {
            return RawHttp.send(port, method, path, headers, body, timeout);
        } catch (IOException e) {
            throw failed(method + " " + uri + " (new connection)", e);
        }
    }

    /** Sends any request; its URI must point at 127.0.0.1. */
    public static HttpResult send(HttpRequest request) {
        requireLoopback(request.uri());
        long start = System.nanoTime();
        try {
            return result(Holder.CLIENT.send(request, HttpResponse.BodyHandlers.ofString()), start);
        } catch (IOException e) {
            throw failed(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(request.method() + " " + request.uri() + " interrupted",
                    new InterruptedIOException("interrupted"));
        }
    }

    /** The shared client: HTTP/1.1 only (no h2c upgrade header a lab's server would have to ignore). */
    public static HttpClient client() {
        return Holder.CLIENT;
    }

    /** {@code http://127.0.0.1:port/path}; {@code path} must start with "/". */
    public static URI uri(int port, String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', was " + path);
        }
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * Checks that {@code uri} is {@code http://127.0.0.1:...}: checks load only the student's own app,
     * never another machine.
     *
     * @throws IllegalArgumentException naming the rejected URI otherwise
     */
    public static URI requireLoopback(URI uri) {
        if (!"http".equalsIgnoreCase(uri.getScheme()) || !"127.0.0.1".equals(uri.getHost()) || uri.getPort() < 1) {
            throw new IllegalArgumentException("the testkit only sends HTTP to http://127.0.0.1:<port>/..., not to "
                    + uri + " (checks must only ever load the app under test on this machine)");
        }
        return uri;
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code response} as a check sees it, its latency counted from {@code startNanos}. */
    static HttpResult result(HttpResponse<String> response, long startNanos) {
        return new HttpResult(response.statusCode(), response.headers().map(), response.body(),
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    static UncheckedIOException failed(String request, IOException e) {
        String reason = e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage()
                : e.getClass().getSimpleName();
        return new UncheckedIOException(request + " failed: " + reason, e);
    }

    /** Creates the shared client on first use, not when a check only needs {@link #uri}. */
    private static final class Holder {
        static final HttpClient CLIENT = newClient();
    }
}
