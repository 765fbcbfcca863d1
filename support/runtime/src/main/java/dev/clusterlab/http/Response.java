package dev.clusterlab.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.clusterlab.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * An HTTP response: status, headers and a body held in memory. Immutable; the {@code with}
 * methods return copies. {@link #later} stands for a response that another thread completes, so a
 * handler on the event loop can hand slow work away and return at once.
 */
public final class Response {
    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers;
    /** Non-null for {@link #later}: the response still to come. */
    private final CompletionStage<Response> later;

    private Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    private Response(int status, String contentType, byte[] body, Map<String, String> headers,
                     CompletionStage<Response> later) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.headers = Map.copyOf(headers);
        this.later = later;
    }

    /**
     * The response {@code future} completes with, written when it does, as a Node handler answers from
     * a callback. The connection's event loop is free meanwhile: run CPU work or a blocking call on an
     * executor of your own and return this at once. A future that fails becomes a 500.
     */
    public static Response later(CompletionStage<Response> future) {
        return new Response(0, null, new byte[0], Map.of(), Objects.requireNonNull(future, "future"));
    }

    /** 200 with a UTF-8 text body. */
    public static Response text(String text) {
        return of(200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** 200 with {@code value} written as JSON. */
    public static Response json(Object value) {
        try {
            return of(200, "application/json", Json.mapper().writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A response with any status, content type and body. */
    public static Response of(int status, String contentType, byte[] body) {
        return new Response(status, contentType, body.clone(), Map.of());
    }

    /** An empty response with {@code status}. */
    public static Response status(int status) {
        return new Response(status, null, new byte[0], Map.of());
    }

    /** A JSON {@code {"error": message}} with {@code status}. */
    public static Response error(int status, String message) {
        return json(Map.of("error", message)).withStatus(status);
    }

    /** This response with another status. */
    public Response withStatus(int newStatus) {
        requireNow("withStatus");
        return new Response(newStatus, contentType, body, headers);
    }

    /** This response with one more header. */
    public Response withHeader(String name, String value) {
        requireNow("withHeader");
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Response(status, contentType, body, copy);
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** The content type, or null for an empty body. */
    public String contentType() {
        return contentType;
    }

    /** The body. */
    public byte[] body() {
        return body.clone();
    }

    private void requireNow(String what) {
        if (later != null) {
            throw new IllegalStateException(what + " on Response.later(...): change the response the future completes with");
        }
    }

    /** The response to wait for, or null when this one is complete. */
    CompletionStage<Response> later() {
        return later;
    }

    byte[] bodyUnsafe() {
        return body;
    }

    /** Extra headers. */
    public Map<String, String> headers() {
        return headers;
    }
}
