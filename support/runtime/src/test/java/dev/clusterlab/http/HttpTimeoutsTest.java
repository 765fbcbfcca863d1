package dev.clusterlab.http;

import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HttpLimits#headersTimeout()} and {@link HttpLimits#requestTimeout()} over real sockets:
 * a client that trickles its request (one byte now and then, which keeps the idle timeout from ever
 * firing) gets a 408 and is closed when its clock runs out, while other clients are served.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpTimeoutsTest {
    private static final Duration HEADERS_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1500);
    private HttpServer server;

    private int start(HttpLimits limits) {
        server = HttpApp.create()
                .get("/hello", req -> Response.text("hello"))
                .post("/echo", req -> Response.text("got " + req.bodyText()))
                .limits(limits)
                .listen(0);
        return server.port();
    }

    private static HttpLimits shortClocks() {
        return HttpLimits.defaults().withHeadersTimeout(HEADERS_TIMEOUT).withRequestTimeout(REQUEST_TIMEOUT);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);
        }
    }

    /** What a trickling client saw: the answer and when the connection ended, from its first byte. */
    private record Cut(String answer, long millis) {
    }

    /** Sends {@code head}, then one more byte every 200 ms until the server closes (or 10 s). */
    private static Cut trickle(int port, String head) throws Exception {
        try (RawSocket socket = new RawSocket(port)) {
            long start = System.nanoTime();
            socket.send(head);
            AtomicBoolean done = new AtomicBoolean();
            Thread dribbler = Thread.ofVirtual().start(() -> {
                try {
                    while (!done.get() && System.nanoTime() - start < 10_000_000_000L) {
                        Thread.sleep(200);
                        socket.send("a");
                    }
                } catch (Exception e) {
                    // the server closed: what the test waits for
                }
            });
            String answer = socket.readUntil("\u0000never", 1); // all of it, to the server's close
            long millis = (System.nanoTime() - start) / 1_000_000;
            done.set(true);
            dribbler.join();
            return new Cut(answer, millis);
        }
    }

    /**
     * Twenty slow clients each send a partial head and a byte every 200 ms: each is answered 408
     * and closed about a headers timeout after its first byte, not before it and well before the
     * idle timeout (60 s, restarted by each byte) would; meanwhile every normal request gets 200.
     */
    @Test
    void slowHeadersAreCutAtTheHeadersTimeoutWhileOthersAreServed() throws Exception {
        int port = start(shortClocks());
        List<HttpResult> served = new CopyOnWriteArrayList<>();
        AtomicBoolean slowOnes = new AtomicBoolean(true);
        Thread normal = Thread.ofVirtual().start(() -> {
            while (slowOnes.get()) {
                served.add(Http.getOnNewConnection(port, "/hello"));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        List<Cut> cuts = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Cut>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(clients.submit(() -> trickle(port, "GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ")));
            }
            for (Future<Cut> f : futures) {
                cuts.add(f.get());
            }
        } finally {
            slowOnes.set(false);
            normal.join();
        }
        for (Cut cut : cuts) {
            assertThat(cut.answer()).startsWith("HTTP/1.1 408").contains("headersTimeout");
            assertThat(cut.millis()).isBetween(HEADERS_TIMEOUT.toMillis() - 50, HEADERS_TIMEOUT.toMillis() + 3000);
        }
        assertThat(served).hasSizeGreaterThan(5).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    /** Headers on time but a body that trickles: 408 at the request timeout, counted from the first byte. */
    @Test
    void aSlowBodyIsCutAtTheRequestTimeout() throws Exception {
        int port = start(shortClocks());
        Cut cut = trickle(port, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
        assertThat(cut.answer()).startsWith("HTTP/1.1 408").contains("requestTimeout");
        assertThat(cut.millis()).isBetween(REQUEST_TIMEOUT.toMillis() - 50, REQUEST_TIMEOUT.toMillis() + 3000);
    }

    /**
     * The clock runs from a request's first byte, not from the connection's start: a keep-alive
     * connection quiet for longer than the headers timeout between two requests is served twice.
     */
    @Test
    void aQuietKeepAliveConnectionIsNotCutByTheHeadersTimeout() throws Exception {
        int port = start(shortClocks());
        try (RawSocket socket = new RawSocket(port)) {
            socket.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(socket.readUntil("hello", 1)).startsWith("HTTP/1.1 200");
            Thread.sleep(HEADERS_TIMEOUT.toMillis() + 500);
            socket.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(socket.readUntil("hello", 1)).startsWith("HTTP/1.1 200");
        }
    }
}
