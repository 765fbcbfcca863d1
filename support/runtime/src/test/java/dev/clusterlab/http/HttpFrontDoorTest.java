package dev.clusterlab.http;

import dev.clusterlab.testkit.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What HttpApp answers at its front door, over real sockets: a Host header where HTTP/1.1 needs
 * one, a 431 or 414 the client can read for headers or a URI over the limit (not a reset), and a
 * connection past {@link HttpLimits#maxConnections()} closed at once until one frees.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpFrontDoorTest {
    private HttpServer server;

    private int start(HttpLimits limits) {
        server = HttpApp.create().get("/hello", req -> Response.text("hello")).limits(limits).listen(0);
        return server.port();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);
        }
    }

    private static String exchange(int port, String request) throws IOException {
        try (RawSocket socket = new RawSocket(port)) {
            socket.send(request);
            return socket.readUntil("\u0000never", 1); // to the server's close or 5 s
        }
    }

    /** RFC 9112 §3.2: HTTP/1.1 without Host, or with two, is 400; HTTP/1.0 may leave it out. */
    @Test
    void http11WithoutExactlyOneHostGets400() throws Exception {
        int port = start(HttpLimits.defaults());
        assertThat(exchange(port, "GET /hello HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400").contains("Host");
        assertThat(exchange(port, "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(exchange(port, "GET /hello HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.0 200").endsWith("hello");
        assertThat(exchange(port, "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200").endsWith("hello");
    }

    /**
     * A 64 KiB header against the 8 KiB limit, sent in 4 KiB pieces 20 ms apart (a slow uplink):
     * the server answers 431 after the first 8 KiB, and the client, which sends all of it before
     * reading, still reads the whole answer. Closed with bytes arriving, the server's socket would
     * answer them with a reset, and the client's kernel would drop the 431 unread.
     */
    @Test
    void anOversizedHeaderGetsAReadable431() throws Exception {
        int port = start(HttpLimits.defaults());
        String big = "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(64 * 1024) + "\r\n\r\n";
        try (RawSocket socket = new RawSocket(port)) {
            for (int at = 0; at < big.length(); at += 4096) {
                socket.send(big.substring(at, Math.min(big.length(), at + 4096)));
                Thread.sleep(20);
            }
            assertThat(socket.readUntil("\u0000never", 1)).startsWith("HTTP/1.1 431").contains("malformed request");
        }
        assertThat(Http.get(port, "/hello").status()).isEqualTo(200);
    }

    /** A URI over the request-line limit: 414, read whole by the client. */
    @Test
    void anOversizedUriGetsAReadable414() throws Exception {
        int port = start(HttpLimits.defaults());
        String answer = exchange(port, "GET /" + "u".repeat(32 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 414");
    }

    /**
     * With maxConnections 3 and three open, a fourth is closed at once without an answer; when one
     * of the three closes, a new connection is served again.
     */
    @Test
    void pastMaxConnectionsANewConnectionIsClosedUntilOneFrees() throws Exception {
        int port = start(HttpLimits.defaults().withMaxConnections(3));
        List<RawSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawSocket socket = new RawSocket(port);
                open.add(socket);
                socket.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(socket.readUntil("hello", 1)).startsWith("HTTP/1.1 200");
            }
            try (RawSocket fourth = new RawSocket(port)) {
                fourth.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(fourth.readUntil("hello", 1)).isEmpty();
            }
            open.removeFirst().close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(exchange(port, "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                            .startsWith("HTTP/1.1 200"));
        } finally {
            for (RawSocket socket : open) {
                socket.close();
            }
        }
    }
}
