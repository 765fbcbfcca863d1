package dev.clusterlab.task06;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.ProcInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Part 4: workers start from a JDK AOT cache, trained by the first run, and start faster with it. */
@Graded
@Hint("Look at PerfServer.startWorkersFast in src/main.")
class StartupTest {
    private static final Pattern FORK_TO_LISTENING = Pattern.compile("worker (\\d+) is listening on \\S+ (\\d+) ms after its fork");

    @TempDir
    Path dir;

    @Test
    @Points(1)
    @Hint("With AOT_CACHE set, the primary must start its workers from that JDK AOT cache: set it up with"
            + " Cluster.setupPrimary(Cluster.settings().toBuilder().aotCache(path).build()) before the first fork. The"
            + " runtime trains the cache with the first worker (its JVM writes it when it exits normally) and starts the"
            + " next ones with -XX:AOTCache.")
    void workersStartFromTheAotCacheInUnderSixTenthsOfTheTime() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25,
                "the JDK AOT cache (-XX:AOTCache) needs JDK 25 or newer; this is JDK " + Runtime.version().feature());
        Path cache = dir.resolve("perf.aot");
        try (TestApp app = TestApp.withRedis(dir.resolve("train"), Map.of("AOT_CACHE", cache.toString()))) {
            assertThat(app.app().output()).as("the primary's output: a worker must train the AOT cache at %s", cache)
                    .containsPattern("trains the JDK AOT cache");
            for (int i = 0; i < 300; i++) { // what the workers will do, so the cache holds it
                Http.getOnNewConnection(app.port(), List.of("/fast", "/report?lines=100", "/work?ms=1", "/hits", "/loop").get(i % 5));
            }
            assertThat(app.app().stop(Duration.ofSeconds(60))).as("exit code of the primary after SIGTERM").isZero();
        }
        assertThat(cache).as("the AOT cache the training worker's JVM wrote when it exited").exists();
        assertThat(Files.size(cache)).as("bytes in %s", cache).isGreaterThan(1_000_000);

        List<Long> without = new ArrayList<>();
        List<Long> with = new ArrayList<>();
        for (int round = 0; round < 2; round++) { // interleaved, so the machine's noise falls on both alike
            without.addAll(startTimes(Map.of(), "without"));
            with.addAll(startTimes(Map.of("AOT_CACHE", cache.toString()), "-XX:AOTCache="));
        }
        System.out.printf("fork to listening, ms: without the AOT cache %s, with it %s%n", without, with);
        long plain = median(without);
        long cached = median(with);
        assertThat(cached).as("median ms from fork to listening with the AOT cache (%s) against without it (%s)", with, without)
                .isLessThanOrEqualTo(plain * 6 / 10);
    }

    /** Fork → listening of each worker of one start; with the cache, every worker JVM must have been given it. */
    private List<Long> startTimes(Map<String, String> env, String flag) throws java.io.IOException {
        try (TestApp app = TestApp.withRedis(Files.createTempDirectory(dir, "run-"), env)) {
            List<Long> millis = new ArrayList<>();
            FORK_TO_LISTENING.matcher(app.app().output()).results().forEach(m -> millis.add(Long.parseLong(m.group(2))));
            assertThat(millis).as("'worker N is listening on ... ms after its fork' lines:%n%s", app.app().outputTail(20))
                    .hasSize(TestApp.WORKERS);
            List<ProcInfo> workers = app.app().javaChildren();
            if (env.containsKey("AOT_CACHE")) {
                assertThat(workers).as("the worker JVMs").hasSize(TestApp.WORKERS)
                        .allSatisfy(w -> assertThat(commandLine(w.pid())).as("/proc/%d/cmdline", w.pid()).contains(flag));
                assertThat(app.app().output()).as("the JVM refused the cache").doesNotContain("refused");
            }
            return millis;
        }
    }

    /** The whole command line from Linux, which ProcessHandle may cut short. */
    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (java.io.IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
