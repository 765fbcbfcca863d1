package dev.clusterlab.http;

/** Answers one HTTP request. What it throws becomes a 500 answer, not a dead connection. */
@FunctionalInterface
public interface Handler {
    /** The response to {@code request}. */
    Response handle(Request request) throws Exception;
}
