package dev.clusterlab.cluster;

import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys derived from the cluster secret: the same in the primary and its workers, one per purpose. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeriveKeyTest {

    @AfterEach
    void killLeftovers() {
        ClusterTesting.killAll();
    }

    @Test
    void aWorkerDerivesThePrimarysKeyForEachPurpose() throws Exception {
        Cluster.setupPrimary(ClusterSettings.builder().mainClass(TestWorkerApp.class).args()
                .env("NO_SERVER", "1").build());
        Worker worker = Cluster.fork();
        String messages = ClusterTesting.ask(worker, Map.of("cmd", "key", "purpose", "messages")).path("key").asText();
        String other = ClusterTesting.ask(worker, Map.of("cmd", "key", "purpose", "other")).path("key").asText();

        assertThat(messages).isEqualTo(HexFormat.of().formatHex(Cluster.deriveKey("messages"))).hasSize(64);
        assertThat(other).isEqualTo(HexFormat.of().formatHex(Cluster.deriveKey("other"))).isNotEqualTo(messages);
    }
}
