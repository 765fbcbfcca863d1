package dev.clusterlab.http;

import java.util.Objects;

/**
 * A small HTTP/1.1 server on Netty: routes to handlers, keep-alive, JSON through Jackson, limits on
 * what a client may send, and a graceful close.
 *
 * <pre>{@code
 * HttpServer server = HttpApp.create()
 *         .get("/hello", req -> Response.text("hello"))
 *         .listen(8080);
 * }</pre>
 *
 * <p>In a cluster worker, {@link #listen(int)} shares the port with the other workers under the
 * cluster's scheduling policy, as Node's {@code server.listen()} does in a worker.
 */
public final class HttpApp {
    private final Routes routes = new Routes();
    private Execution execution = Execution.EVENT_LOOP;
    private int eventLoops = 1;
    private HttpLimits limits = HttpLimits.fromEnvironment();

    private HttpApp() {
    }

    /** A new app with no routes, handlers on one event loop, limits from {@link HttpLimits#fromEnvironment()}. */
    public static HttpApp create() {
        return new HttpApp();
    }

    /** Routes {@code GET path} to {@code handler}. */
    public HttpApp get(String path, Handler handler) {
        return route("GET", path, handler);
    }

    /** Routes {@code POST path} to {@code handler}. */
    public HttpApp post(String path, Handler handler) {
        return route("POST", path, handler);
    }

    /** Routes {@code method path} to {@code handler}; paths match exactly. */
    public HttpApp route(String method, String path, Handler handler) {
        routes.add(method, path, Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** Where handlers run; {@link Execution#EVENT_LOOP} by default. */
    public HttpApp execution(Execution execution) {
        this.execution = Objects.requireNonNull(execution);
        return this;
    }

    /** How many event loop threads serve connections; 1 by default, like Node. */
    public HttpApp eventLoops(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("eventLoops must be at least 1, was " + threads);
        }
        this.eventLoops = threads;
        return this;
    }

    /**
     * The limits on requests and connections: sizes, timeouts (headers, whole request, idle) and
     * {@link HttpLimits#maxConnections() maxConnections}, e.g.
     * {@code limits(HttpLimits.defaults().withMaxConnections(10_000))}.
     */
    public HttpApp limits(HttpLimits limits) {
        this.limits = Objects.requireNonNull(limits);
        return this;
    }

    /**
     * Answers {@code method uri} (such as {@code GET /price?sku=7}, no body) in-process, through
     * this app's routes and handler, without a socket: what a worker's warm-up hook
     * ({@code Cluster.worker().onWarmUp}) calls so that the JIT compiles the hot path before real
     * traffic comes. A handler's exception is thrown, not turned into a 500.
     */
    public Response handle(String method, String uri) throws Exception {
        io.netty.handler.codec.http.FullHttpRequest request = new io.netty.handler.codec.http.DefaultFullHttpRequest(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.valueOf(method),
                uri);
        try {
            return routes.dispatch(new Request(request));
        } finally {
            request.release();
        }
    }

    /** Listens on 127.0.0.1:{@code port}; port 0 picks a free one. */
    public HttpServer listen(int port) {
        return listen("127.0.0.1", port);
    }

    /** Listens on {@code host:port}. */
    public HttpServer listen(String host, int port) {
        return HttpServer.start(host, port, routes, execution, eventLoops, limits);
    }
}
