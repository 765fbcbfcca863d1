package dev.clusterlab.http;

/** Thrown by a handler (or {@link Request}'s readers) for input it cannot use: answered with 400. */
public final class BadRequestException extends RuntimeException {
    /** A 400 answer saying {@code message}. */
    public BadRequestException(String message) {
        super(message);
    }
}
