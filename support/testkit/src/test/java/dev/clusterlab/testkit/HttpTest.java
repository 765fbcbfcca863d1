package dev.clusterlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clusterlab.testkit.fixture.TinyServer;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ProcessCleanup.class)
class HttpTest {

    private static LaunchedApp app;

    @BeforeAll
    static void startServer() {
        // Closed by ProcessCleanup after the last test: one JVM start for the whole class.
        app = AppLauncher.forMainClass(TinyServer.class).start();
    }

    @Test
    void getReturnsStatusHeadersAndBody() {
        HttpResult response = Http.get(app.port(), "/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.isSuccess()).isTrue();
        assertThat(response.header("x-FIXTURE")).contains("tiny");
        assertThat(response.body()).isEqualTo("hello from " + app.pid());
        assertThat(response.latency()).isPositive();
        assertThat(Http.get(app.port(), "/missing").status()).isEqualTo(404);
    }

    @Test
    void getOnNewConnectionOpensOneConnectionPerRequestAndReadsChunkedBodies() {
        HttpResult first = Http.getOnNewConnection(app.port(), "/conn");
        HttpResult second = Http.getOnNewConnection(app.port(), "/conn");
        HttpResult chunked = Http.getOnNewConnection(app.port(), "/chunked");

        assertThat(first.body()).isNotEqualTo(second.body()).startsWith("connection ");
        assertThat(chunked.status()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo("abcdefg");
        assertThat(chunked.header("X-Fixture")).contains("chunked");
    }

    @Test
    void failuresNameTheRequest() {
        int closed = Ports.freePort();

        assertThatThrownBy(() -> Http.get(closed, "/", Duration.ofSeconds(2)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("GET http://127.0.0.1:" + closed + "/ failed");
        assertThatThrownBy(() -> Http.getOnNewConnection(closed, "/"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + closed);
    }

    @Test
    void onlyLoopbackTargetsAreAccepted() {
        assertThatThrownBy(() -> LoadLoop.get(URI.create("http://example.com/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> LoadLoop.get(URI.create("http://localhost:8080/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadLoop.get(URI.create("https://127.0.0.1:8443/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadLoop.get(app.port(), "/").requests(LoadLoop.MAX_REQUESTS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadLoop.get(app.port(), "/").concurrency(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadLoop.get(app.port(), "/").maxDuration(Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadLoopSendsExactlyTheRequestedCountOverKeptAliveConnections() {
        LoadResult result = LoadLoop.get(app.port(), "/conn").requests(60).concurrency(4).run();

        assertThat(result.count()).isEqualTo(60);
        assertThat(result.successes()).isEqualTo(60);
        assertThat(result.statusCounts()).containsOnlyKeys(200);
        // Keep-alive: at most one connection per client.
        assertThat(result.bodyCounts()).hasSizeLessThanOrEqualTo(4);
        assertThat(result.latencyPercentile(0.99)).isPositive();
        assertThat(result.samples()).isSortedAccordingTo(Comparator.comparing(LoadSample::sentAt));
    }

    @Test
    void loadLoopCanOpenANewConnectionPerRequest() {
        LoadResult result = LoadLoop.get(app.port(), "/conn").requests(30).concurrency(3).newConnectionPerRequest()
                .run();

        assertThat(result.count()).isEqualTo(30);
        assertThat(result.bodyCounts()).hasSize(30);
        assertThat(result.samples()).allSatisfy(s -> assertThat(s.header("X-Fixture")).contains("tiny"));
    }

    @Test
    void loadLoopStopsAtItsDuration() {
        long start = System.nanoTime();
        LoadResult result = LoadLoop.get(app.port(), "/slow").concurrency(2).maxDuration(Duration.ofMillis(400))
                .run();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(result.count()).isBetween(2, 12);
        assertThat(result.bodyCounts()).containsOnlyKeys("slow");
    }

    @Test
    void loadLoopCollectsErrorsInsteadOfThrowing() {
        LoadResult result = LoadLoop.get(Ports.freePort(), "/").requests(5).concurrency(2).newConnectionPerRequest()
                .run();

        assertThat(result.count()).isEqualTo(5);
        assertThat(result.errors()).hasSize(5);
        assertThat(result.statusCounts()).containsEntry(-1, 5L);
        assertThat(result.summary()).contains("ConnectException");
    }
}
