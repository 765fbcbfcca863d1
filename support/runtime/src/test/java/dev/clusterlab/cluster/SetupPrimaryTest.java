package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mirrors Node's test/parallel/test-cluster-setup-primary.js, plus the output settings (silent). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SetupPrimaryTest {

    @AfterEach
    void killLeftovers() {
        ClusterTesting.killAll();
    }

    @Test
    void setupPrimaryEmitsSetupAndWorkersGetTheArgsJvmArgsAndCwd(@TempDir Path cwd) throws Exception {
        List<ClusterSettings> seen = new CopyOnWriteArrayList<>();
        ClusterSettings settings = ClusterSettings.builder().mainClass(TestWorkerApp.class)
                .args("first", "second arg")
                .jvmArgs("-Dclusterlab.test.prop=from-jvm-args", "-Xmx128m")
                .cwd(cwd)
                .env("NO_SERVER", "1")
                .build();
        try (Subscription s = Cluster.onSetup(seen::add)) {
            Cluster.setupPrimary(settings);
            Worker worker = Cluster.fork();
            JsonNode described = ClusterTesting.ask(worker, Map.of("cmd", "describe"));
            assertThat(seen).containsExactly(settings);
            assertThat(Cluster.settings()).isEqualTo(settings);
            assertThat(described.path("args")).extracting(JsonNode::asText).containsExactly("first", "second arg");
            assertThat(described.path("prop").asText()).isEqualTo("from-jvm-args");
            assertThat(Path.of(described.path("cwd").asText()).toRealPath()).isEqualTo(cwd.toRealPath());
        }
    }

    @Test
    void defaultsRelaunchThisJvmWithoutItsDebuggerAgent() {
        ClusterSettings defaults = ClusterSettings.defaults();
        assertThat(defaults.classPath()).isEqualTo(System.getProperty("java.class.path"));
        assertThat(defaults.javaBinary().toString()).isEqualTo(ProcessHandle.current().info().command().orElseThrow());
        assertThat(defaults.jvmArgs()).noneMatch(a -> a.startsWith("-agentlib:jdwp"));
        assertThat(defaults.silent()).isFalse();
        assertThat(defaults.schedulingPolicy()).isEqualTo(SchedulingPolicy.REUSEPORT);
    }

    @Test
    void workerOutputIsPrefixedUnlessSilentAndAlwaysReachesListeners() throws Exception {
        PrintStream realOut = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            for (boolean silent : new boolean[] {false, true}) {
                Cluster.setupPrimary(ClusterSettings.builder().mainClass(TestWorkerApp.class).args()
                        .env("NO_SERVER", "1").silent(silent).build());
                Worker worker = Cluster.fork();
                List<String> heard = new CopyOnWriteArrayList<>();
                worker.onOutput((w, err, line) -> heard.add((err ? "err:" : "out:") + line));
                ClusterTesting.ask(worker, Map.of("cmd", "print", "out", "line-on-stdout-" + silent, "err", "line-on-stderr-" + silent));
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> heard.contains("err:line-on-stderr-" + silent));
                assertThat(heard).contains("out:line-on-stdout-" + silent);
                worker.kill();
                worker.exited().get(20, TimeUnit.SECONDS);
            }
        } finally {
            System.setOut(realOut);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("[worker ").contains("] line-on-stdout-false").doesNotContain("line-on-stdout-true");
    }

    @Test
    void primaryOnlyCallsSayWhatToDoInstead() {
        assertThatThrownBy(Cluster::worker).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("for workers");
        Cluster.setupPrimary(ClusterSettings.builder().mainClass("").build());
        assertThatThrownBy(Cluster::fork).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setupPrimary").hasMessageContaining("mainClass");
        assertThat(Cluster.workers()).isEmpty();
    }

}
