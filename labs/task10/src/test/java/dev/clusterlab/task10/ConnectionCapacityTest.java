package dev.clusterlab.task10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.Points;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Part 1: two workers hold 10,000 concurrent keep-alive connections and answer on every one. */
@Graded
@Hint("Look at AdmissionControl in src/main: every catalog request goes through admit() and release().")
class ConnectionCapacityTest {
    static final int CONNECTIONS = 10_000;

    @Test
    @Points(1)
    @Timeout(90)
    @Hint("Every catalog request passes AdmissionControl.guard: admit() must let it run (while fewer than the limit"
            + " run, or after a short wait) and release() must give its place back, or the 10,000 connections'"
            + " requests are not all answered with 200. Too many open files? Raise `ulimit -n` (20000 or more).")
    void twoWorkersHoldTenThousandConnections() throws Exception {
        try (TestApp app = TestApp.start(Map.of("ADMISSION_LIMIT", "64", "ADMISSION_QUEUE", "10000",
                "ADMISSION_QUEUE_MS", "20000"))) {
            HttpResult first = Http.get(app.port(), "/items?id=1");
            assertThat(first.status()).as("GET /items?id=1 before opening the connections: %s", first.body()).isEqualTo(200);
            try (ManyConnections many = new ManyConnections("/items?id=42")) {
                many.open(app.port(), CONNECTIONS, 256);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> many.ok() + many.failures().size() >= CONNECTIONS || !many.failures().isEmpty());
                assertThat(many.failures()).as("what went wrong on the connections (%d answered)", many.ok()).isEmpty();
                assertThat(many.ok()).as("connections answered with 200").isEqualTo(CONNECTIONS);

                many.requestOnAll(); // a second request on each: only a connection still held can answer it
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> many.ok() >= 2 * CONNECTIONS || !many.failures().isEmpty());
                assertThat(many.failures()).as("what went wrong on the second round").isEmpty();
                assertThat(many.closed()).as("connections the cluster closed while all %d were open", CONNECTIONS).isZero();
                assertThat(many.ok()).as("answers to 2 requests on each of %d connections", CONNECTIONS)
                        .isEqualTo(2 * CONNECTIONS);
                System.out.println("10,000 connections, 2 rounds: " + many.percentiles());
            }
        }
    }
}
