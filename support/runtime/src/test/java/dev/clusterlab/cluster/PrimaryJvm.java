package dev.clusterlab.cluster;

import dev.clusterlab.cluster.fixtures.PrimaryApp;
import org.awaitility.core.ConditionTimeoutException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A {@link PrimaryApp} in a JVM of its own, for tests of what workers do when their primary ends.
 * Closing it kills the primary and every worker it reported, even those the primary no longer
 * parents.
 */
final class PrimaryJvm implements AutoCloseable {
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private PrimaryJvm(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("primary-jvm-output").start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // the primary is gone
            }
        });
    }

    /** Starts the primary with {@code tmp} as its java.io.tmpdir and {@code env} added to its environment. */
    static PrimaryJvm start(Path tmp, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                PrimaryApp.class.getName()).redirectErrorStream(true);
        pb.environment().putAll(env);
        return new PrimaryJvm(pb.start());
    }

    Process process() {
        return process;
    }

    /** Its output (and its workers', prefixed) so far, one line each. */
    List<String> output() {
        return List.copyOf(output);
    }

    /** Waits until {@code count} workers listen; their processes. */
    List<ProcessHandle> awaitListening(int count) {
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> workerPids().size() >= count || !process.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(count + " workers did not listen within 30 s: " + output, e);
        }
        List<Long> pids = workerPids();
        if (pids.size() < count) {
            throw new AssertionError("the primary exited (" + process.exitValue() + ") before " + count
                    + " workers listened: " + output);
        }
        return pids.stream().map(pid -> ProcessHandle.of(pid).orElseThrow(
                () -> new AssertionError("worker pid " + pid + " is already gone"))).toList();
    }

    /** The pids PrimaryApp printed, one "listening id pid port" line per worker. */
    private List<Long> workerPids() {
        return output.stream().filter(line -> line.startsWith("listening "))
                .map(line -> Long.parseLong(line.split(" ")[2])).toList();
    }

    /** The primary's private socket directories under {@code tmp}, its java.io.tmpdir. */
    static List<Path> socketDirs(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("clusterlab-")).toList();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        // Its workers leave by themselves and delete the primary's socket directory; then stragglers go.
        dev.clusterlab.testkit.ProcessTree.awaitGone(workerPids(), Duration.ofSeconds(2));
        workerPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
}
