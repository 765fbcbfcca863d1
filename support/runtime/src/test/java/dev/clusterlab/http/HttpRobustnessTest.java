package dev.clusterlab.http;

import dev.clusterlab.testkit.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HttpApp against clients and handlers that misbehave: every request gets an answer, in order, and
 * a graceful close neither loses a request that has begun to arrive nor leaves a thread failing.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpRobustnessTest {
    private HttpServer server;

    private int start(HttpApp app) {
        server = app.listen(0);
        return server.port();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);
        }
    }

    private static HttpApp app(Execution execution) {
        return HttpApp.create().execution(execution)
                .get("/hello", req -> Response.text("hello " + req.query("name").orElse("world")))
                .get("/header", req -> Response.text("ok").withHeader("X-Name", req.query("name").orElse("")))
                .get("/status", req -> Response.status(req.queryInt("code", 200)))
                .get("/null", req -> null)
                .get("/slow", req -> {
                    Thread.sleep(500);
                    return Response.text("slow");
                })
                .get("/n", req -> Response.text(Integer.toString(req.queryInt("n", 0) * 2)))
                .post("/echo", req -> Response.text("got " + req.bodyText()));
    }

    /** A limit that is too small is named, with its minimum. */
    @Test
    void aLimitTooSmallSaysWhichAndItsMinimum() {
        assertThatThrownBy(() -> HttpLimits.defaults().withMaxHeaderBytes(100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxHeaderBytes").hasMessageContaining("256").hasMessageContaining("100");
        assertThatThrownBy(() -> HttpLimits.defaults().withIdleTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
    }

    /** A bad percent-escape is the client's error: 400, not a connection closed without a word. */
    @ParameterizedTest
    @EnumSource(Execution.class)
    void aBadPercentEscapeInTheUriGets400(Execution execution) throws Exception {
        int port = start(app(execution));
        for (String uri : List.of("/%zz", "/hello?name=%")) {
            try (RawSocket socket = new RawSocket(port)) {
                socket.send("GET " + uri + " HTTP/1.1\r\nHost: x\r\n\r\n");
                String answer = socket.readUntil("}", 1);
                assertThat(answer).as(uri).startsWith("HTTP/1.1 400").contains("malformed request");
            }
        }
        assertThat(Http.get(port, "/hello").status()).isEqualTo(200);
    }

    /**
     * A handler's response that HTTP cannot carry (CR LF in a header value, a status that is not
     * three digits, no response at all) is the handler's bug: the client gets a 500, and on virtual threads the
     * connection is not left waiting forever.
     */
    @ParameterizedTest
    @EnumSource(Execution.class)
    void aResponseThatIsNotValidHttpBecomes500(Execution execution) throws Exception {
        int port = start(app(execution));
        for (String uri : List.of("/header?name=a%0d%0aSet-Cookie:%20evil=1", "/status?code=-5",
                "/status?code=1000", "/status?code=42", "/null")) {
            try (RawSocket socket = new RawSocket(port)) {
                socket.send("GET " + uri + " HTTP/1.1\r\nHost: x\r\n\r\n");
                String answer = socket.readUntil("}", 1);
                assertThat(answer).as(uri).startsWith("HTTP/1.1 500").doesNotContain("evil");
            }
        }
        assertThat(Http.get(port, "/hello").status()).isEqualTo(200);
    }

    /**
     * Pipelined requests are answered in order, a malformed one too: its 400 comes after the
     * answers to the requests before it, which must not be lost while a handler is still running.
     */
    @Test
    void aMalformedRequestPipelinedBehindASlowOneIsAnsweredAfterIt() throws Exception {
        int port = start(app(Execution.VIRTUAL_THREADS));
        try (RawSocket socket = new RawSocket(port)) {
            socket.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /n?n=2 HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n");
            String answers = socket.readUntil("HTTP/1.1 ", 3);
            assertThat(answers).startsWith("HTTP/1.1 200")
                    .containsSubsequence("\r\n\r\nslow", "HTTP/1.1 200", "\r\n\r\n4", "HTTP/1.1 400");
            assertThat(socket.closedByPeer()).isTrue();
        }
    }

    /** The same for a body over the limit: its 413 waits for the answer to the request before it. */
    @Test
    void anOversizedBodyPipelinedBehindASlowRequestIsAnsweredAfterIt() throws Exception {
        int port = start(app(Execution.VIRTUAL_THREADS).limits(HttpLimits.defaults().withMaxBodyBytes(100)));
        try (RawSocket socket = new RawSocket(port)) {
            socket.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n" + "x".repeat(500));
            String answers = socket.readUntil("HTTP/1.1 ", 2);
            assertThat(answers).startsWith("HTTP/1.1 200").containsSubsequence("\r\n\r\nslow", "HTTP/1.1 413");
        }
        assertThat(Http.get(port, "/hello").status()).isEqualTo(200);
    }

    /**
     * While a request is being handled, a client that keeps pipelining more (or never reads its
     * answers) does not make the server read and hold them all: it stops reading after a few, and
     * TCP pushes back on the client. Here a client tries to pipeline 128 MiB of uploads behind a
     * request whose handler waits.
     */
    @Test
    void aClientThatPipelinesWithoutEndIsPushedBack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        int port = start(app(Execution.VIRTUAL_THREADS).get("/wait", req -> {
            release.await(20, TimeUnit.SECONDS);
            return Response.text("done");
        }));
        long total = 128L << 20;
        byte[] upload = ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + (256 << 10) + "\r\n\r\n" + "x".repeat(256 << 10))
                .getBytes(StandardCharsets.ISO_8859_1);
        AtomicLong written = new AtomicLong();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            CompletableFuture<String> writer = CompletableFuture.supplyAsync(() -> {
                try {
                    while (written.get() < total) {
                        out.write(upload);
                        written.addAndGet(upload.length);
                    }
                    return "the server read all " + (total >> 20) + " MiB";
                } catch (IOException e) {
                    return "the server cut the connection after " + (written.get() >> 20) + " MiB: " + e;
                }
            });
            long last = -1;
            long stalledSince = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!writer.isDone() && System.nanoTime() < deadline
                    && System.nanoTime() - stalledSince < TimeUnit.SECONDS.toNanos(1)) {
                Thread.sleep(100);
                if (written.get() != last) {
                    last = written.get();
                    stalledSince = System.nanoTime();
                }
            }
            assertThat(writer.isDone()).as("the client was not held back: %s", writer.getNow("")).isFalse();
            assertThat(written.get()).isLessThan(total);
        } finally {
            release.countDown();
        }
    }

    /**
     * Reading resumes as the held requests are answered: requests sent while reading is paused
     * are read later, and every pipelined request gets its answer, in order.
     */
    @Test
    void morePipelinedRequestsThanAreHeldAreAllAnsweredInOrder() throws Exception {
        int port = start(app(Execution.VIRTUAL_THREADS));
        List<String> bodies = new ArrayList<>(List.of("\r\n\r\nslow"));
        StringBuilder first = new StringBuilder("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        StringBuilder second = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            (i <= 30 ? first : second).append("GET /n?n=").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            bodies.add("\r\n\r\n" + (2 * i));
        }
        try (RawSocket socket = new RawSocket(port)) {
            socket.send(first.toString());
            Thread.sleep(200); // 30 requests wait behind /slow: reading is paused
            socket.send(second.toString());
            String answers = socket.readUntil("HTTP/1.1 200", 61);
            assertThat(answers.split("HTTP/1.1 200", -1)).hasSize(62);
            assertThat(answers).containsSubsequence(bodies);
        }
    }

    /**
     * A graceful close waits for a request whose head has arrived and whose body is still on its
     * way, as Node's server.close() does, and answers it with Connection: close.
     */
    @Test
    void gracefulCloseLetsARequestWhoseBodyIsStillArrivingFinish() throws Exception {
        int port = start(app(Execution.EVENT_LOOP));
        try (RawSocket socket = new RawSocket(port)) {
            socket.send("GET /n?n=1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(socket.readUntil("\r\n\r\n2", 1)).endsWith("2");
            socket.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n12345");
            Thread.sleep(500); // the head is read; the body is half there
            CompletableFuture<Void> closed = server.close(Duration.ofSeconds(10));
            Thread.sleep(300);
            socket.send("67890");
            String answer = socket.readUntil("got 1234567890", 1);
            assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close")
                    .endsWith("got 1234567890");
            closed.get(10, TimeUnit.SECONDS);
        }
    }

    /** A request whose body stalls does not hold a graceful close past its deadline. */
    @Test
    void aStalledUploadIsCutAtTheCloseDeadline() throws Exception {
        int port = start(app(Execution.EVENT_LOOP));
        try (RawSocket socket = new RawSocket(port)) {
            socket.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345");
            Thread.sleep(300);
            long begin = System.nanoTime();
            server.close(Duration.ofMillis(500)).get(10, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
            assertThat(socket.closedByPeer()).isTrue();
        }
    }

    /**
     * A handler that outlives the close deadline finds its connection cut and the event loop
     * stopped; that is expected, not an uncaught exception (which, in a cluster worker, exits it).
     */
    @Test
    void aHandlerThatOutlivesTheCloseDeadlineEndsQuietly() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(error));
        try {
            CompletableFuture<Void> handlerDone = new CompletableFuture<>();
            int port = start(HttpApp.create().execution(Execution.VIRTUAL_THREADS).get("/long", req -> {
                try {
                    Thread.sleep(1500);
                    return Response.text("too late");
                } finally {
                    handlerDone.complete(null);
                }
            }));
            try (RawSocket socket = new RawSocket(port)) {
                socket.send("GET /long HTTP/1.1\r\nHost: x\r\n\r\n");
                Thread.sleep(200);
                server.close(Duration.ofMillis(300)).get(10, TimeUnit.SECONDS);
                assertThat(socket.closedByPeer()).isTrue();
            }
            handlerDone.get(10, TimeUnit.SECONDS);
            Thread.sleep(500); // the handler's thread hands its response on, or fails to
            assertThat(uncaught).isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }
}
