package dev.clusterlab.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** Exact-path routes by method; a miss is 404, a known path with another method 405. */
final class Routes {
    private final Map<String, Map<String, Handler>> byPath = new LinkedHashMap<>();

    void add(String method, String path, Handler handler) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a route's path starts with '/': " + path);
        }
        Handler previous = byPath.computeIfAbsent(path, p -> new LinkedHashMap<>()).putIfAbsent(method, handler);
        if (previous != null) {
            throw new IllegalArgumentException("route " + method + " " + path + " is defined twice");
        }
    }

    Response dispatch(Request request) throws Exception {
        Map<String, Handler> methods = byPath.get(request.path());
        if (methods == null) {
            return Response.error(404, "no route for " + request.path());
        }
        Handler handler = methods.get(request.method());
        if (handler == null) {
            return Response.error(405, request.method() + " is not allowed on " + request.path())
                    .withHeader("Allow", String.join(", ", new TreeSet<>(methods.keySet())));
        }
        return handler.handle(request);
    }
}
