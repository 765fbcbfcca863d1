package dev.clusterlab.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Limits that keep one bad client from hurting a server (the runtime chapter's "HTTP limits" table
 * sets each beside its Node and nginx name). Over a size limit the client gets 414, 431 or 413;
 * past a timeout it gets 408; the connection is then closed and the server goes on. They apply to
 * every connection of an {@link HttpServer}, under every scheduling policy.
 *
 * @param maxInitialLineBytes the request line (method, URI, version); over it, 414
 * @param maxHeaderBytes      all headers together; over it, 431
 * @param maxBodyBytes        the request body; over it, 413
 * @param idleTimeout         a connection with no traffic for this long is closed (Node's
 *                            {@code keepAliveTimeout} between requests, {@code timeout} within one)
 * @param headersTimeout      from the first byte of a request to the end of its headers; a client
 *                            that is slower gets 408 (Node's {@code server.headersTimeout}, nginx's
 *                            {@code client_header_timeout}); unlike the idle timeout, bytes that
 *                            trickle in do not restart it, so a slowloris client is cut
 * @param requestTimeout      from the first byte of a request to the end of its body; then 408
 *                            (Node's {@code server.requestTimeout}); at least {@code headersTimeout}
 * @param maxConnections      open connections one server takes at most; a new one past it is closed
 *                            at once, and under {@code ROUND_ROBIN} the worker tells the primary it
 *                            is full, so new connections go to the others (Node's
 *                            {@code server.maxConnections}, nginx's {@code worker_connections});
 *                            {@link #UNLIMITED} by default, as in Node
 */
public record HttpLimits(int maxInitialLineBytes, int maxHeaderBytes, int maxBodyBytes, Duration idleTimeout,
                         Duration headersTimeout, Duration requestTimeout, int maxConnections) {

    /** {@link #maxConnections()} when there is no cap. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    /** Environment variable that sets {@link #headersTimeout()} in {@link #fromEnvironment()}: {@code 5s}, {@code 500ms}. */
    public static final String ENV_HEADERS_TIMEOUT = "CLUSTERLAB_HTTP_HEADERS_TIMEOUT";
    /** Environment variable that sets {@link #requestTimeout()} in {@link #fromEnvironment()}. */
    public static final String ENV_REQUEST_TIMEOUT = "CLUSTERLAB_HTTP_REQUEST_TIMEOUT";
    /** Environment variable that sets {@link #maxConnections()} in {@link #fromEnvironment()}. */
    public static final String ENV_MAX_CONNECTIONS = "CLUSTERLAB_HTTP_MAX_CONNECTIONS";

    /** Validates. */
    public HttpLimits {
        atLeast("maxInitialLineBytes", maxInitialLineBytes, 64);
        atLeast("maxHeaderBytes", maxHeaderBytes, 256);
        atLeast("maxBodyBytes", maxBodyBytes, 0);
        atLeast("maxConnections", maxConnections, 1);
        positive("idleTimeout", idleTimeout);
        positive("headersTimeout", headersTimeout);
        positive("requestTimeout", requestTimeout);
        if (requestTimeout.compareTo(headersTimeout) < 0) { // Node refuses this pair too
            throw new IllegalArgumentException("HTTP limit requestTimeout (" + requestTimeout
                    + ") must be at least headersTimeout (" + headersTimeout + ")");
        }
    }

    private static void atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException("HTTP limit " + name + " must be at least " + minimum + ", was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("HTTP limit " + name + " must be positive, was " + value);
        }
    }

    /**
     * 4 KiB request line, 8 KiB headers, 1 MiB body, 60 s idle, 60 s for the headers, 300 s for a
     * whole request, no connection cap: Node's and nginx's neighbourhood.
     */
    public static HttpLimits defaults() {
        return new HttpLimits(4096, 8192, 1 << 20, Duration.ofSeconds(60),
                Duration.ofSeconds(60), Duration.ofSeconds(300), UNLIMITED);
    }

    /**
     * {@link #defaults()}, with what {@link #ENV_HEADERS_TIMEOUT}, {@link #ENV_REQUEST_TIMEOUT} and
     * {@link #ENV_MAX_CONNECTIONS} set: how an operator tunes an app without rebuilding it (every
     * {@link HttpApp} starts from these). A request timeout below the headers timeout set is raised
     * to it.
     *
     * @throws IllegalArgumentException naming the variable, if one is set to something unusable
     */
    public static HttpLimits fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static HttpLimits fromEnvironment(Map<String, String> env) {
        HttpLimits limits = defaults();
        String headers = env.get(ENV_HEADERS_TIMEOUT);
        if (headers != null && !headers.isBlank()) {
            Duration timeout = duration(ENV_HEADERS_TIMEOUT, headers);
            limits = limits.withRequestTimeout(max(timeout, limits.requestTimeout())).withHeadersTimeout(timeout);
        }
        String request = env.get(ENV_REQUEST_TIMEOUT);
        if (request != null && !request.isBlank()) {
            limits = limits.withRequestTimeout(duration(ENV_REQUEST_TIMEOUT, request));
        }
        String connections = env.get(ENV_MAX_CONNECTIONS);
        if (connections != null && !connections.isBlank()) {
            try {
                limits = limits.withMaxConnections(Integer.parseInt(connections.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ENV_MAX_CONNECTIONS + "=" + connections
                        + " is not a number of connections; use a whole number such as 10000", e);
            }
        }
        return limits;
    }

    /** {@code 5s}, {@code 1500ms}, {@code 2m}, or a bare number of seconds. */
    private static Duration duration(String name, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            }
            return Duration.ofSeconds(Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1).trim() : t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + text + " is not a duration; use e.g. 5s, 1500ms or 2m", e);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** These limits with another body limit. */
    public HttpLimits withMaxBodyBytes(int bytes) {
        return new HttpLimits(maxInitialLineBytes, maxHeaderBytes, bytes, idleTimeout, headersTimeout,
                requestTimeout, maxConnections);
    }

    /** These limits with another header limit. */
    public HttpLimits withMaxHeaderBytes(int bytes) {
        return new HttpLimits(maxInitialLineBytes, bytes, maxBodyBytes, idleTimeout, headersTimeout,
                requestTimeout, maxConnections);
    }

    /** These limits with another idle timeout. */
    public HttpLimits withIdleTimeout(Duration timeout) {
        return new HttpLimits(maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, timeout, headersTimeout,
                requestTimeout, maxConnections);
    }

    /** These limits with another {@link #headersTimeout()} (at most the request timeout). */
    public HttpLimits withHeadersTimeout(Duration timeout) {
        return new HttpLimits(maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeout, timeout,
                requestTimeout, maxConnections);
    }

    /** These limits with another {@link #requestTimeout()} (at least the headers timeout). */
    public HttpLimits withRequestTimeout(Duration timeout) {
        return new HttpLimits(maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeout, headersTimeout,
                timeout, maxConnections);
    }

    /** These limits with another {@link #maxConnections()} per server, that is per worker. */
    public HttpLimits withMaxConnections(int connections) {
        return new HttpLimits(maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeout, headersTimeout,
                requestTimeout, connections);
    }
}
