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
 * Mirrors Node's test/parallel/test-cluster-primary-error.js: a primary that dies of an uncaught
 * error once its workers listen exits with code 1, and its workers exit with it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrimaryErrorTest {

    @Test
    void workersExitWhenTheirPrimaryDiesOfAnUncaughtError(@TempDir Path tmp) throws Exception {
        try (PrimaryJvm primary = PrimaryJvm.start(tmp, Map.of("WORKERS", "2", "THROW_WHEN_LISTENING", "1"))) {
            List<ProcessHandle> workers = primary.awaitListening(2);

            assertThat(primary.process().waitFor(10, TimeUnit.SECONDS))
                    .as(() -> "the primary exits after its main thread threw; its output: " + primary.output()).isTrue();
            assertThat(primary.process().exitValue()).as("the primary's exit code").isEqualTo(1);
            assertThat(primary.output()).anyMatch(line -> line.contains("accidental error"));
            assertThat(ProcessTree.awaitGone(workers.stream().map(ProcessHandle::pid).toList(), Duration.ofSeconds(5)))
                    .as("workers still alive 5 s after their primary died").isEmpty();
            assertThat(PrimaryJvm.socketDirs(tmp)).as("socket directories left in " + tmp).isEmpty();
        }
    }
}
