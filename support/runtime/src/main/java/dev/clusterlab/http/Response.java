package dev.clusterlab.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.clusterlab.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response: status, headers and a body held in memory. Immutable; the {@code with}
 * methods return copies.
 */
public final class Response {
    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers;

    private Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.headers = Map.copyOf(headers);
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
        return new Response(newStatus, contentType, body, headers);
    }

    /** This response with one more header. */
    public Response withHeader(String name, String value) {
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

    byte[] bodyUnsafe() {
        return body;
    }

    /** Extra headers. */
    public Map<String, String> headers() {
        return headers;
    }
}
