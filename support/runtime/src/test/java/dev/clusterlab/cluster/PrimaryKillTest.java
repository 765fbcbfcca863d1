package dev.clusterlab.cluster;

import dev.clusterlab.testkit.ProcessTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mirrors Node's test/parallel/test-cluster-primary-kill.js: when the primary is killed with
 * SIGKILL (no shutdown hook runs), its workers notice and exit by themselves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrimaryKillTest {

    @Test
    void workersExitWithinTwoSecondsOfTheirPrimaryDying(@TempDir Path tmp) throws Exception {
        try (PrimaryJvm primary = PrimaryJvm.start(tmp, Map.of("WORKERS", "2"))) {
            List<ProcessHandle> workers = primary.awaitListening(2);
            assertThat(workers).allSatisfy(w -> assertThat(w.parent().map(ProcessHandle::pid))
                    .hasValue(primary.process().pid()));

            primary.process().destroyForcibly().waitFor();
            // ProcessTree counts an exited worker that init has not reaped yet as gone.
            assertThat(ProcessTree.awaitGone(workers.stream().map(ProcessHandle::pid).toList(), Duration.ofSeconds(2)))
                    .as("workers still alive 2 s after their primary was killed").isEmpty();
            // The primary had no chance to delete its socket directory; the workers did it on their way out.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(PrimaryJvm.socketDirs(tmp)).as("socket directories left in " + tmp).isEmpty());
        }
    }

    /**
     * A primary stopped the usual way (SIGTERM, as systemd or Kubernetes stop a service) while its
     * workers run deletes its private socket directory, instead of leaving one in /tmp per restart.
     */
    @Test
    void aTerminatedPrimaryLeavesNoSocketDirectoryBehind(@TempDir Path tmp) throws Exception {
        try (PrimaryJvm primary = PrimaryJvm.start(tmp, Map.of("WORKERS", "1"))) {
            List<ProcessHandle> workers = primary.awaitListening(1);
            assertThat(PrimaryJvm.socketDirs(tmp)).as("the primary's socket directory, under its java.io.tmpdir").hasSize(1);

            primary.process().destroy();
            assertThat(primary.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(ProcessTree.awaitGone(workers.stream().map(ProcessHandle::pid).toList(), Duration.ofSeconds(5)))
                    .as("workers still alive after their primary was stopped").isEmpty();
            assertThat(PrimaryJvm.socketDirs(tmp)).as("socket directories left in " + tmp).isEmpty();
        }
    }
}
