package dev.clusterlab.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.json.Json;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One HTTP request, read whole (body included) before its handler runs. */
public final class Request {
    private final String method;
    private final String path;
    private final Map<String, List<String>> query;
    private final io.netty.handler.codec.http.HttpHeaders headers;
    private final byte[] body;

    Request(FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        this.method = request.method().name();
        this.path = uri.path();
        this.query = uri.parameters();
        this.headers = request.headers().copy();
        byte[] bytes = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), bytes);
        this.body = bytes;
    }

    /** The method, such as {@code GET}. */
    public String method() {
        return method;
    }

    /** The decoded path, without the query. */
    public String path() {
        return path;
    }

    /** The first value of query parameter {@code name}. */
    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Query parameter {@code name} as an int, or {@code fallback} when absent.
     *
     * @throws BadRequestException if present but not an int
     */
    public int queryInt(String name, int fallback) {
        Optional<String> value = query(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new BadRequestException("query parameter " + name + " must be an integer, was " + value.get());
        }
    }

    /** The first value of header {@code name}, case-insensitive. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The body's bytes. */
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body as JSON.
     *
     * @throws BadRequestException if it is not JSON
     */
    public JsonNode json() {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new BadRequestException("the body is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * The body as JSON read into {@code type}, such as a record.
     *
     * @throws BadRequestException if it does not fit
     */
    public <T> T bodyAs(Class<T> type) {
        try {
            return Json.mapper().readValue(body, type);
        } catch (IOException e) {
            throw new BadRequestException("the body is not a " + type.getSimpleName() + ": " + e.getMessage());
        }
    }
}
