package dev.clusterlab.http;

import java.time.Duration;

/**
 * Limits that keep one bad client from hurting a server. Over a limit the client gets 414, 431 or
 * 413 and its connection is closed; the server goes on.
 *
 * @param maxInitialLineBytes the request line (method, URI, version)
 * @param maxHeaderBytes      all headers together
 * @param maxBodyBytes        the request body
 * @param idleTimeout         a connection with no traffic for this long is closed
 */
public record HttpLimits(int maxInitialLineBytes, int maxHeaderBytes, int maxBodyBytes, Duration idleTimeout) {

    /** Validates. */
    public HttpLimits {
        atLeast("maxInitialLineBytes", maxInitialLineBytes, 64);
        atLeast("maxHeaderBytes", maxHeaderBytes, 256);
        atLeast("maxBodyBytes", maxBodyBytes, 0);
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("HTTP limit idleTimeout must be positive, was " + idleTimeout);
        }
    }

    private static void atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException("HTTP limit " + name + " must be at least " + minimum + ", was " + value);
        }
    }

    /** 4 KiB request line, 8 KiB headers, 1 MiB body, 60 s idle: Node's and nginx's neighbourhood. */
    public static HttpLimits defaults() {
        return new HttpLimits(4096, 8192, 1 << 20, Duration.ofSeconds(60));
    }

    /** These limits with another body limit. */
    public HttpLimits withMaxBodyBytes(int bytes) {
        return new HttpLimits(maxInitialLineBytes, maxHeaderBytes, bytes, idleTimeout);
    }

    /** These limits with another header limit. */
    public HttpLimits withMaxHeaderBytes(int bytes) {
        return new HttpLimits(maxInitialLineBytes, bytes, maxBodyBytes, idleTimeout);
    }

    /** These limits with another idle timeout. */
    public HttpLimits withIdleTimeout(Duration timeout) {
        return new HttpLimits(maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, timeout);
    }
}
