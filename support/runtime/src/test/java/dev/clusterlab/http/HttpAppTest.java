package dev.clusterlab.http;

import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** HttpApp in this JVM (not clustered): routing, JSON, limits, keep-alive and errors. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpAppTest {
    record Greeting(String name, int times) {
    }

    private HttpServer server;

    private HttpServer start(HttpApp app) {
        server = app.listen(0);
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);
        }
    }

    private static HttpApp app() {
        return HttpApp.create()
                .get("/hello", req -> Response.text("hello " + req.query("name").orElse("world")))
                .post("/greet", req -> {
                    Greeting g = req.bodyAs(Greeting.class);
                    return Response.json(Map.of("text", ("hi " + g.name() + " ").repeat(g.times()).trim()));
                })
                .get("/boom", req -> {
                    throw new IllegalStateException("kaboom");
                })
                .get("/n", req -> Response.text(Integer.toString(req.queryInt("n", 0) * 2)));
    }

    @Test
    void routesAnswerAndMissesAre404Or405() {
        int port = start(app()).port();
        assertThat(Http.get(port, "/hello?name=ada").body()).isEqualTo("hello ada");
        HttpResult missing = Http.get(port, "/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("no route for /nope");
        HttpResult wrongMethod = Http.post(port, "/hello", "", "text/plain");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("allow")).hasValue("GET");
    }

    @Test
    void jsonBodiesAreReadAndWritten() {
        int port = start(app()).port();
        HttpResult res = Http.post(port, "/greet", "{\"name\":\"bob\",\"times\":2}", "application/json");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("content-type")).hasValue("application/json");
        assertThat(res.body()).isEqualTo("{\"text\":\"hi bob hi bob\"}");
        HttpResult bad = Http.post(port, "/greet", "{not json", "application/json");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("not a Greeting");
        assertThat(Http.get(port, "/n?n=abc").status()).isEqualTo(400);
    }

    @Test
    void aFailingHandlerGets500AndTheServerGoesOn() {
        int port = start(app()).port();
        HttpResult res = Http.get(port, "/boom");
        assertThat(res.status()).isEqualTo(500);
        assertThat(res.body()).contains("kaboom");
        assertThat(Http.get(port, "/n?n=21").body()).isEqualTo("42");
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnectionInOrder() throws Exception {
        int port = start(app()).port();
        try (RawSocket socket = new RawSocket(port)) {
            socket.send("GET /n?n=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /n?n=2 HTTP/1.1\r\nHost: x\r\n\r\n");
            String both = socket.readUntil("HTTP/1.1 200", 2);
            assertThat(both).containsSubsequence("\r\n\r\n2", "\r\n\r\n4");
            socket.send("GET /n?n=3 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(socket.readUntil("\r\n\r\n6", 1)).endsWith("6");
        }
    }

    @Test
    void oversizedHeadersGet431AndOversizedBodies413() throws Exception {
        int port = start(app().limits(HttpLimits.defaults().withMaxHeaderBytes(1024).withMaxBodyBytes(100))).port();
        try (RawSocket socket = new RawSocket(port)) {
            socket.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(4000) + "\r\n\r\n");
            assertThat(socket.readUntil("\r\n", 1)).startsWith("HTTP/1.1 431");
            assertThat(socket.closedByPeer()).isTrue();
        }
        try (RawSocket socket = new RawSocket(port)) {
            socket.send("POST /greet HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                    + "x".repeat(500));
            assertThat(socket.readUntil("\r\n", 1)).startsWith("HTTP/1.1 413");
        }
        try (RawSocket socket = new RawSocket(port)) {
            socket.send("GARBAGE\r\n\r\n");
            assertThat(socket.readUntil("\r\n", 1)).startsWith("HTTP/1.1 400");
        }
        assertThat(Http.get(port, "/hello").status()).isEqualTo(200);
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        int port = start(app().limits(HttpLimits.defaults().withIdleTimeout(Duration.ofMillis(300)))).port();
        try (RawSocket socket = new RawSocket(port)) {
            assertThat(socket.closedByPeer()).isTrue();
        }
    }

    @Test
    void onOneEventLoopASlowHandlerDelaysOthersAndOnVirtualThreadsItDoesNot() throws Exception {
        // The slow handler sleeps 2 s and the fast request starts 0.2 s later: behind it, the fast
        // one waits ~1.8 s; beside it, it takes milliseconds. 1.2 s splits the two with room for a busy CI.
        Handler slow = req -> {
            Thread.sleep(2000);
            return Response.text("slow");
        };
        assertThat(fastLatencyBehindSlow(HttpApp.create().execution(Execution.EVENT_LOOP), slow))
                .isGreaterThan(Duration.ofMillis(1200));
        server.close(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);
        assertThat(fastLatencyBehindSlow(HttpApp.create().execution(Execution.VIRTUAL_THREADS), slow))
                .isLessThan(Duration.ofMillis(1200));
    }

    private Duration fastLatencyBehindSlow(HttpApp app, Handler slow) throws Exception {
        int port = start(app.get("/slow", slow).get("/fast", req -> Response.text("fast"))).port();
        CompletableFuture<HttpResult> slowCall = CompletableFuture.supplyAsync(() -> Http.get(port, "/slow"));
        Thread.sleep(200);
        HttpResult fast = Http.getOnNewConnection(port, "/fast");
        assertThat(fast.body()).isEqualTo("fast");
        assertThat(slowCall.get(10, TimeUnit.SECONDS).body()).isEqualTo("slow");
        return fast.latency();
    }

    @Test
    void gracefulCloseFinishesTheRequestInFlightAndRefusesNewConnections() throws Exception {
        int port = start(HttpApp.create().execution(Execution.VIRTUAL_THREADS)
                .get("/slow", req -> {
                    Thread.sleep(800);
                    return Response.text("finished");
                })
                .get("/fast", req -> Response.text("fast"))).port();
        try (RawSocket idle = new RawSocket(port)) {
            idle.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(idle.readUntil("fast", 1)).endsWith("fast");
            CompletableFuture<HttpResult> inFlight = CompletableFuture.supplyAsync(() -> Http.getOnNewConnection(port, "/slow"));
            Thread.sleep(300);
            CompletableFuture<Void> closed = server.close(Duration.ofSeconds(10));

            assertThat(idle.closedByPeer()).as("an idle keep-alive connection is closed at once").isTrue();
            HttpResult result = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(result.status()).isEqualTo(200);
            assertThat(result.body()).isEqualTo("finished");
            closed.get(10, TimeUnit.SECONDS);
            assertThat(dev.clusterlab.testkit.Ports.isAccepting(port)).isFalse();
        }
    }

    @Test
    void theCloseDeadlineCutsRequestsThatTakeTooLong() throws Exception {
        int port = start(HttpApp.create().execution(Execution.VIRTUAL_THREADS).get("/stuck", req -> {
            Thread.sleep(20_000);
            return Response.text("never");
        })).port();
        try (RawSocket socket = new RawSocket(port)) {
            socket.send("GET /stuck HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(200);
            long start = System.nanoTime();
            server.close(Duration.ofMillis(500)).get(10, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(socket.closedByPeer()).isTrue();
        }
    }
}
