package dev.clusterlab.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limits' defaults (Node's), their checks, and the environment variables an operator sets. */
class HttpLimitsTest {

    @Test
    void defaultsAreNodes() {
        HttpLimits limits = HttpLimits.defaults();
        assertThat(limits.headersTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(limits.requestTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(limits.maxConnections()).isEqualTo(HttpLimits.UNLIMITED);
    }

    @Test
    void theEnvironmentSetsTimeoutsAndTheConnectionCap() {
        HttpLimits limits = HttpLimits.fromEnvironment(Map.of(HttpLimits.ENV_HEADERS_TIMEOUT, "1500ms",
                HttpLimits.ENV_REQUEST_TIMEOUT, "2m", HttpLimits.ENV_MAX_CONNECTIONS, " 10000 "));
        assertThat(limits.headersTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(limits.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(limits.maxConnections()).isEqualTo(10_000);
        assertThat(HttpLimits.fromEnvironment(Map.of(HttpLimits.ENV_HEADERS_TIMEOUT, "400")).requestTimeout())
                .as("a headers timeout over the default request timeout raises it").isEqualTo(Duration.ofSeconds(400));
        assertThat(HttpLimits.fromEnvironment(Map.of())).isEqualTo(HttpLimits.defaults());
    }

    @Test
    void aBadValueNamesTheVariableAndAFormat() {
        assertThatThrownBy(() -> HttpLimits.fromEnvironment(Map.of(HttpLimits.ENV_HEADERS_TIMEOUT, "soon")))
                .hasMessageContaining(HttpLimits.ENV_HEADERS_TIMEOUT).hasMessageContaining("5s");
        assertThatThrownBy(() -> HttpLimits.fromEnvironment(Map.of(HttpLimits.ENV_MAX_CONNECTIONS, "lots")))
                .hasMessageContaining(HttpLimits.ENV_MAX_CONNECTIONS);
        assertThatThrownBy(() -> HttpLimits.fromEnvironment(Map.of(HttpLimits.ENV_MAX_CONNECTIONS, "0")))
                .hasMessageContaining("maxConnections").hasMessageContaining("at least 1");
    }

    @Test
    void aRequestTimeoutBelowTheHeadersTimeoutIsRefused() {
        assertThatThrownBy(() -> HttpLimits.defaults().withHeadersTimeout(Duration.ofSeconds(10))
                .withRequestTimeout(Duration.ofSeconds(5)))
                .hasMessageContaining("requestTimeout").hasMessageContaining("headersTimeout");
    }
}
