package dev.clusterlab.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Response#later}: a handler on the event loop hands its work away, and the loop serves others meanwhile. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResponseLaterTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        pool.shutdownNow();
        if (server != null) {
            server.close(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);
        }
    }

    private int start() {
        server = HttpApp.create().execution(Execution.EVENT_LOOP).eventLoops(1)
                .get("/slow", req -> Response.later(CompletableFuture.supplyAsync(() -> {
                    await(release);
                    return Response.text("slow done on " + Thread.currentThread().getName());
                }, pool)))
                .get("/fails", req -> Response.later(CompletableFuture.supplyAsync(() -> {
                    throw new IllegalStateException("the work broke");
                }, pool)))
                .get("/nested", req -> Response.later(CompletableFuture.completedFuture(
                        Response.later(CompletableFuture.completedFuture(Response.text("inner").withStatus(202))))))
                .get("/fast", req -> Response.text("fast"))
                .listen(0);
        return server.port();
    }

    @Test
    void theOneEventLoopServesOthersWhileALaterResponseWaits() throws Exception {
        int port = start();
        Future<HttpResult> slow = pool.submit(() -> Http.get(port, "/slow", Duration.ofSeconds(20)));
        Thread.sleep(200); // the slow request is in and waits on the latch
        HttpResult fast = Http.getOnNewConnection(port, "/fast", Duration.ofSeconds(5));
        assertThat(fast.status()).isEqualTo(200);
        assertThat(slow.isDone()).as("the slow request answered before its work was released").isFalse();
        release.countDown();
        HttpResult done = slow.get(20, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).startsWith("slow done on pool-");
    }

    @Test
    void aFailedFutureIs500AndANestedOneIsWaitedFor() {
        int port = start();
        HttpResult failed = Http.get(port, "/fails");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body()).contains("the work broke");
        HttpResult nested = Http.get(port, "/nested");
        assertThat(nested.status()).isEqualTo(202);
        assertThat(nested.body()).isEqualTo("inner");
        assertThat(Http.get(port, "/fast").body()).isEqualTo("fast"); // the connection goes on
    }

    @Test
    void aLaterResponseCannotBeChangedBeforeItExists() {
        Response later = Response.later(new CompletableFuture<>());
        assertThatThrownBy(() -> later.withStatus(201)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Response.later");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
