package dev.clusterlab.cluster;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClusterSettings.Builder#aotCache(Path)} with real worker JVMs on the JDK that runs the tests
 * (JDK 25 in CI: the AOT cache; there is no JDK 21-24 here for AppCDS). Which cache a worker got is
 * read from its own command line, and whether it used it from the JVM's class-loading log.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StartupCacheTest {
    /** The JVM's own word that a class came out of the cache rather than from its jar. */
    private static final String FROM_CACHE = TestWorkerApp.class.getName() + " source: shared objects file";

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    /** Each worker's output, subscribed at its fork event so that no early line is missed. */
    private final Map<Integer, List<String>> output = new java.util.concurrent.ConcurrentHashMap<>();
    private Subscription forks;

    @BeforeEach
    void capture() {
        log.start();
        ((Logger) LoggerFactory.getLogger(StartupCache.class)).addAppender(log);
        forks = Cluster.onFork(w -> {
            List<String> lines = output.computeIfAbsent(w.id(), id -> new CopyOnWriteArrayList<>());
            w.onOutput((worker, err, line) -> lines.add(line));
        });
    }

    @AfterEach
    void cleanup() {
        forks.close();
        ((Logger) LoggerFactory.getLogger(StartupCache.class)).detachAppender(log);
        ClusterTesting.killAll();
    }

    private void setup(Path cache, String classPath) {
        Cluster.setupPrimary(ClusterSettings.builder().mainClass(TestWorkerApp.class).args().silent(true)
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Xlog:class+load=info:stdout")
                .classPath(classPath).aotCache(cache).build());
    }

    private static String testClassPath() {
        return System.getProperty("java.class.path");
    }

    /** A worker that came online, answered, and was disconnected; its output lines. */
    private Run run() throws Exception {
        Worker worker = Cluster.fork(Map.of("NO_SERVER", "1"));
        List<String> argv = worker.process().info().arguments().map(List::of).orElse(List.of());
        assertThat(ClusterTesting.ask(worker, Map.of("cmd", "echo", "n", 1)).path("n").asInt()).isEqualTo(1);
        // The lines until it answered: a trainer's JVM, as it exits, also runs the JVM that writes the cache.
        List<String> lines = List.copyOf(output.getOrDefault(worker.id(), List.of()));
        worker.disconnect();
        ExitStatus status = worker.exited().get(120, TimeUnit.SECONDS); // a trainer's JVM writes the cache as it exits
        return new Run(argv, lines, status);
    }

    record Run(List<String> argv, List<String> lines, ExitStatus status) {
        boolean trained() {
            return argv.stream().anyMatch(a -> a.startsWith("-XX:AOTCacheOutput="));
        }

        boolean offered() {
            return argv.stream().anyMatch(a -> a.startsWith("-XX:AOTCache="));
        }

        boolean usedCache() {
            return lines.stream().anyMatch(l -> l.contains(FROM_CACHE));
        }
    }

    private long logged(String text) {
        return log.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    @Test
    void theFirstWorkerTrainsTheCacheAndTheNextUsesIt() throws Exception {
        Path cache = dir.resolve("workers.aot");
        setup(cache, testClassPath());

        Run first = run();
        assertThat(first.trained()).as("the first worker trains: %s", first.argv).isTrue();
        assertThat(first.usedCache()).isFalse();
        assertThat(cache).isRegularFile();

        Run second = run();
        assertThat(second.offered()).as("the second worker gets the cache: %s", second.argv).isTrue();
        assertThat(second.usedCache()).as("the JVM loaded the test's own classes (a packed directory) from the cache")
                .isTrue();
        assertThat(logged("workers start with the JDK AOT cache")).isEqualTo(1);
    }

    @Test
    void aCorruptCacheIsRefusedByTheJvmTheWorkerStillStartsAndTheNextRetrains() throws Exception {
        Path cache = dir.resolve("workers.aot");
        setup(cache, testClassPath());
        run(); // trains
        Files.write(cache, "not an AOT cache".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        Run refused = run();
        assertThat(refused.offered()).isTrue();
        assertThat(refused.usedCache()).isFalse();
        assertThat(refused.status().code()).as("it started, answered and exited normally without the cache").isZero();
        assertThat(logged("the JVM of worker")).as("the JVM's refusal, logged once: %s", log.list).isEqualTo(1);

        Run retrain = run();
        assertThat(retrain.trained()).as("the next worker retrains: %s", retrain.argv).isTrue();
        assertThat(run().usedCache()).isTrue();
    }

    @Test
    void aTrainerKilledBeforeItsJvmWroteTheCacheLeavesNoCacheAndTheNextWorkerTrainsAgain() throws Exception {
        Path cache = dir.resolve("workers.aot");
        setup(cache, testClassPath());
        Worker trainer = Cluster.fork(Map.of("NO_SERVER", "1"));
        assertThat(ClusterTesting.ask(trainer, Map.of("cmd", "echo", "n", 3)).path("n").asInt()).isEqualTo(3);
        trainer.kill("SIGKILL");
        trainer.exited().get(60, TimeUnit.SECONDS);
        assertThat(cache).as("a killed JVM writes no cache").doesNotExist();
        assertThat(logged("exited before its JVM wrote")).isEqualTo(1);

        Run retrain = run();
        assertThat(retrain.trained()).as("the next worker trains again: %s", retrain.argv).isTrue();
        assertThat(retrain.status().code()).isZero();
        assertThat(run().usedCache()).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("the trainers' own files are gone: renamed over the cache, or removed as leftovers")
                    .noneMatch(n -> n.contains(".training-"));
        }
    }

    @Test
    void aChangedClassPathMakesTheCacheStaleOneWorkerRetrainsTheOthersStartWithoutIt() throws Exception {
        Path cache = dir.resolve("workers.aot");
        setup(cache, testClassPath());
        run(); // trains

        Path extra = Files.createDirectories(dir.resolve("extra-classes"));
        Files.writeString(extra.resolve("marker.txt"), "a class path entry the cache was not trained with");
        setup(cache, testClassPath() + java.io.File.pathSeparator + extra);
        Worker a = Cluster.fork(Map.of("NO_SERVER", "1"));
        Worker b = Cluster.fork(Map.of("NO_SERVER", "1"));
        List<List<String>> argvs = new java.util.ArrayList<>();
        for (Worker w : List.of(a, b)) {
            argvs.add(w.process().info().arguments().map(List::of).orElse(List.of()));
            assertThat(ClusterTesting.ask(w, Map.of("cmd", "echo", "n", 2)).path("n").asInt()).isEqualTo(2);
        }
        for (Worker w : List.of(a, b)) {
            w.disconnect();
            assertThat(w.exited().get(120, TimeUnit.SECONDS).code()).isZero();
        }
        assertThat(argvs.get(0)).as("the first retrains").anyMatch(x -> x.startsWith("-XX:AOTCacheOutput="));
        assertThat(argvs.get(1)).as("the second, meanwhile, starts without a cache")
                .noneMatch(x -> x.startsWith("-XX:AOTCache"));
        assertThat(argvs).allSatisfy(argv -> assertThat(argv).noneMatch(x -> x.startsWith("-XX:AOTCache=")));
        assertThat(logged("it is stale: the class path changed")).as("the fallback, logged once: %s", log.list).isEqualTo(1);

        assertThat(run().usedCache()).isTrue();
    }
}
