package dev.clusterlab.cluster;

import dev.clusterlab.cluster.fixtures.PrimaryApp;
import dev.clusterlab.testkit.ProcessTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mirrors Node's test/parallel/test-cluster-primary-kill.js: when the primary is killed with
 * SIGKILL (no shutdown hook runs), its workers notice and exit by themselves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrimaryKillTest {

    @Test
    void workersExitWithinTwoSecondsOfTheirPrimaryDying(@TempDir Path tmp) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                PrimaryApp.class.getName()).redirectErrorStream(true);
        pb.environment().put("WORKERS", "2");
        Process primary = pb.start();
        List<ProcessHandle> workers = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(primary.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (workers.size() < 2 && (line = out.readLine()) != null) {
                if (line.startsWith("listening ")) {
                    workers.add(ProcessHandle.of(Long.parseLong(line.split(" ")[2])).orElseThrow());
                }
            }
            assertThat(workers).hasSize(2);
            assertThat(workers).allSatisfy(w -> assertThat(w.parent().map(ProcessHandle::pid)).hasValue(primary.pid()));

            primary.destroyForcibly().waitFor();
            // ProcessTree counts an exited worker that init has not reaped yet as gone.
            assertThat(ProcessTree.awaitGone(workers.stream().map(ProcessHandle::pid).toList(), Duration.ofSeconds(2)))
                    .as("workers still alive 2 s after their primary was killed").isEmpty();
            // The primary had no chance to delete its socket directory; the workers did it on their way out.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(socketDirs(tmp)).as("socket directories left in " + tmp).isEmpty());
        } finally {
            primary.destroyForcibly();
            workers.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * A primary stopped the usual way (SIGTERM, as systemd or Kubernetes stop a service) while its
     * workers run deletes its private socket directory, instead of leaving one in /tmp per restart.
     */
    @Test
    void aTerminatedPrimaryLeavesNoSocketDirectoryBehind(@TempDir Path tmp) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                PrimaryApp.class.getName()).redirectErrorStream(true);
        pb.environment().put("WORKERS", "1");
        Process primary = pb.start();
        List<ProcessHandle> workers = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(primary.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (workers.isEmpty() && (line = out.readLine()) != null) {
                if (line.startsWith("listening ")) {
                    workers.add(ProcessHandle.of(Long.parseLong(line.split(" ")[2])).orElseThrow());
                }
            }
            assertThat(workers).hasSize(1);
            assertThat(socketDirs(tmp)).as("the primary's socket directory, under its java.io.tmpdir").hasSize(1);

            primary.destroy();
            assertThat(primary.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(ProcessTree.awaitGone(workers.stream().map(ProcessHandle::pid).toList(), Duration.ofSeconds(5)))
                    .as("workers still alive after their primary was stopped").isEmpty();
            assertThat(socketDirs(tmp)).as("socket directories left in " + tmp).isEmpty();
        } finally {
            primary.destroyForcibly();
            workers.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static List<Path> socketDirs(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("clusterlab-")).toList();
        }
    }
}
