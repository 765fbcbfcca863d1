package dev.clusterlab.task04;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.Points;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Task 4: the probe measures the distribution with real connections, and counts what the workers served. */
@Graded
@Hint("Look at DistributionProbe.measure in src/main: one new connection per GET /whoami (whoAnswers), counted"
        + " by the pid in each answer.")
class DistributionProbeTest {
    private static final int CONNECTIONS = 40;

    @Test
    @Points(2)
    @Hint("measure(port, n) must open n new connections, one after another, and count each answer by its pid: the"
            + " counts must equal what each worker says it served (GET /stats). Under round-robin new connections"
            + " alternate between the two workers; requests on one reused keep-alive connection all reach one worker.")
    void probeCountsWhatTheWorkersServed() throws IOException {
        try (LaunchedApp app = TestCluster.start(Map.of("HUNG_AFTER_MS", "60000"))) {
            Set<Long> pids = TestCluster.workerPids(app);
            Map<Long, Long> before = TestCluster.servedByPid(app, pids);

            Map<Long, Long> measured = DistributionProbe.measure(app.port(), CONNECTIONS);

            Map<Long, Long> after = TestCluster.servedByPid(app, pids);
            assertThat(pids).as("the workers' pids, which should be the pids the probe counted %s", measured)
                    .containsAll(measured.keySet());
            for (long pid : pids) {
                long served = after.get(pid) - before.get(pid);
                assertThat(measured.getOrDefault(pid, 0L)).as("the probe's count for worker pid %d (all counts: %s),"
                        + " which says it answered GET /whoami %d times meanwhile", pid, measured, served)
                        .isEqualTo(served);
                assertThat(served).as("the connections of %d the probe made that worker pid %d answered; round-robin"
                        + " alternates new connections (all counts: %s)", CONNECTIONS, pid, measured)
                        .isBetween(CONNECTIONS / 4L, CONNECTIONS * 3 / 4L);
            }
            assertThat(measured.values().stream().mapToLong(Long::longValue).sum())
                    .as("the connections counted by DistributionProbe.measure(port, %d)", CONNECTIONS)
                    .isEqualTo(CONNECTIONS);
        }
    }
}
