package dev.clusterlab.task06;

import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.Request;
import dev.clusterlab.http.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The routes that need state from earlier requests: {@code POST /login} (body {@code {"user":
 * ...}}) makes a session, {@code GET /me} (header {@code Authorization: Bearer <token>}) reads it,
 * {@code GET /limited} (header {@code X-Api-Key}) counts against the key's rate limit, and {@code
 * POST /hits} and {@code GET /hits} count. Every answer names the worker that gave it.
 */
final class StateRoutes {
    /** The settings of the routes. */
    record Limits(int requests, Duration window, Duration sessionTtl) {
    }

    private StateRoutes() {
    }

    // tag::routes[]
    static HttpApp add(HttpApp app, SharedState state, Limits limits, int worker) {
        return app
                .post("/login", request -> {
                    String user = request.json().path("user").asText("");
                    if (user.isBlank()) {
                        return Response.error(400, "send {\"user\": \"name\"}");
                    }
                    return later(state.createSession(user, limits.sessionTtl()),
                            token -> Response.json(Map.of("token", token, "user", user, "worker", worker)));
                })
                .get("/me", request -> bearer(request)
                        .map(token -> later(state.sessionUser(token), user -> user
                                .map(name -> Response.json(Map.of("user", name, "worker", worker)))
                                .orElseGet(() -> Response.json(Map.of("error", "no session for this token", "worker", worker))
                                        .withStatus(401))))
                        .orElseGet(() -> Response.error(401, "send Authorization: Bearer <token from POST /login>")))
                .get("/limited", request -> {
                    String key = request.header("X-Api-Key").orElse("");
                    if (key.isBlank()) {
                        return Response.error(400, "send an X-Api-Key header");
                    }
                    return later(state.allow(key, limits.requests(), limits.window()), allowance -> allowance.allowed()
                            ? Response.json(Map.of("remaining", allowance.remaining(), "worker", worker))
                            : Response.error(429, "over " + limits.requests() + " requests per " + limits.window().toMillis()
                                    + " ms for this key").withHeader("Retry-After", seconds(allowance.retryAfter())));
                })
                .post("/hits", request -> later(state.increment("hits"), n -> Response.json(Map.of("hits", n, "worker", worker))))
                .get("/hits", request -> later(state.count("hits"), n -> Response.json(Map.of("hits", n, "worker", worker))));
    }
    // end::routes[]

    // tag::unavailable[]
    /** The answer {@code stage} completes with, or a fast 503 with Retry-After when the state is unreachable. */
    static <T> Response later(CompletionStage<T> stage, Function<T, Response> answer) {
        return Response.later(stage.thenApply(answer).exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof StateUnavailableException unavailable) {
                return Response.error(503, "shared state unavailable: " + unavailable.getMessage()).withHeader("Retry-After", "1");
            }
            throw e instanceof CompletionException ce ? ce : new CompletionException(cause);
        }));
    }
    // end::unavailable[]

    private static java.util.Optional<String> bearer(Request request) {
        return request.header("Authorization").filter(h -> h.startsWith("Bearer ")).map(h -> h.substring(7).trim());
    }

    /** Retry-After in whole seconds, at least 1. */
    private static String seconds(Duration wait) {
        return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
    }
}
