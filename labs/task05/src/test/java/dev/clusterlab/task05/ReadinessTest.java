package dev.clusterlab.task05;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.Points;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Task 5, health and readiness of one instance ({@link InstanceServer} with WORKERS=2), from outside:
 * {@code GET /healthz} (alive) and {@code GET /readyz} (should get traffic) on its PORT, and
 * {@code POST /drain}, {@code POST /ready} on its ADMIN_PORT. No nginx needed.
 */
@Graded
@Hint("Look at Readiness (the primary's state machine: STARTING until every worker is ready, READY, DRAINING)"
        + " and InstanceServer.readyz (200 when READY, else 503). Run an instance (./mvnw -pl labs/task05 compile"
        + " exec:exec) and curl 127.0.0.1:8081/readyz, then curl -X POST 127.0.0.1:9081/drain.")
class ReadinessTest {
    private static final int WORKERS = 2;
    private static final Duration STARTUP = Duration.ofSeconds(40);

    @Test
    @Points(1)
    @Hint("While its workers warm up (WARMUP_MS after they listen, before Cluster.worker().ready()), the instance"
            + " answers GET /readyz with 503 and the text starting, and GET /healthz with 200; once every worker"
            + " said it is ready, GET /readyz answers 200. Look at Readiness.workerReady and InstanceServer.readyz.")
    void readyzIs503WhileStartingThen200() {
        try (Instance instance = Instance.spawn("starting", WORKERS, 4000)) {
            instance.app().awaitListening(STARTUP);

            HttpResult readyz = instance.get("/readyz");
            assertThat(readyz.status()).as("GET /readyz while the workers warm up (body: %s)%s",
                    readyz.body().strip(), instance.todo()).isEqualTo(503);
            assertThat(readyz.body()).as("the body of GET /readyz while starting").contains("starting");
            HttpResult healthz = instance.get("/healthz");
            assertThat(healthz.status()).as("GET /healthz while starting: alive, just not ready").isEqualTo(200);

            instance.awaitReadyz(200, STARTUP);
            assertThat(instance.get("/healthz").status()).as("GET /healthz once ready").isEqualTo(200);
        }
    }

    @Test
    @Points(2)
    @Hint("POST /drain on the admin port must make GET /readyz answer 503 with the text draining on every worker"
            + " (the primary tells them), while GET /healthz and GET /whoami still answer 200: a draining instance"
            + " finishes what reaches it. POST /ready puts it back: GET /readyz 200. Look at Readiness.drain/resume.")
    void drainingTurnsReadyzTo503AndReadyBackTo200() {
        try (Instance instance = Instance.spawn("draining", WORKERS, 0)) {
            instance.awaitReadyz(200, STARTUP);

            instance.admin("/drain");
            instance.awaitReadyz(503, 6, Duration.ofSeconds(10));
            HttpResult readyz = instance.get("/readyz");
            assertThat(readyz.body()).as("the body of GET /readyz while draining").contains("draining");
            for (int i = 0; i < 4; i++) {
                assertThat(instance.get("/healthz").status()).as("GET /healthz while draining").isEqualTo(200);
                HttpResult whoami = instance.get("/whoami");
                assertThat(whoami.status()).as("GET /whoami while draining (body: %s)", whoami.body().strip())
                        .isEqualTo(200);
            }

            instance.admin("/ready");
            instance.awaitReadyz(200, 6, Duration.ofSeconds(10));
        }
    }
}
