package dev.clusterlab.testkit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A real nginx in front of two small HTTP servers of this JVM. */
class NginxTest {
    private final List<HttpServer> upstreams = new ArrayList<>();

    @BeforeEach
    void startUpstreams() throws IOException {
        for (String name : List.of("a", "b")) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = name.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            upstreams.add(server);
        }
    }

    @AfterEach
    void stopUpstreams() {
        upstreams.forEach(s -> s.stop(0));
    }

    @Test
    void proxiesRoundRobinReloadsANewUpstreamGroupAndLeavesNoProcessBehind(@TempDir Path prefix) {
        Nginx.assumeInstalled();
        Set<Long> pids;
        try (Nginx nginx = Nginx.start(prefix, Nginx.upstreams(List.of(port(0), port(1))))) {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                bodies.add(Http.get(nginx.port(), "/").body());
            }
            assertThat(bodies).containsExactlyInAnyOrder("a", "b", "a", "b");
            assertThat(nginx.accessLog()).hasSize(4).allMatch(line -> line.contains("upstream=127.0.0.1:"));

            nginx.reload(Nginx.upstreams(List.of(port(1))));
            for (int i = 0; i < 4; i++) {
                assertThat(Http.getOnNewConnection(nginx.port(), "/").body()).as("after the reload").isEqualTo("b");
            }
            pids = ProcessTree.pids(ProcessTree.descendants(nginx.process().pid()));
            pids.add(nginx.process().pid());
        }
        assertThat(ProcessTree.awaitGone(pids, Duration.ofSeconds(5))).as("nginx processes left").isEmpty();
    }

    @Test
    void anInvalidUpstreamGroupFailsTheReloadWithNginxsWords(@TempDir Path prefix) {
        Nginx.assumeInstalled();
        try (Nginx nginx = Nginx.start(prefix, Nginx.upstreams(List.of(port(0))))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> nginx.reload("upstream clusterlab { server ; }"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("upstreams.conf");
            assertThat(Http.get(nginx.port(), "/").body()).as("still serving the old configuration").isEqualTo("a");
        }
    }

    private int port(int i) {
        return upstreams.get(i).getAddress().getPort();
    }
}
