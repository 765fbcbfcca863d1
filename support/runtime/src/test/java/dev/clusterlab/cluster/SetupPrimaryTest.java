package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.fixtures.SelfForkingApp;
import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

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
        assertThat(defaults.schedulingPolicy()).isEqualTo(SchedulingPolicy.ROUND_ROBIN);
    }

    /** By default a worker gets this JVM's program arguments as they were, an argument with spaces whole. */
    @Test
    void defaultsRelaunchTheProgramArgumentsAsTheyWere() throws Exception {
        List<String> out = runPrimary(List.of("-cp", System.getProperty("java.class.path"), SelfForkingApp.class.getName(),
                "two words", "", "last"));
        assertThat(out).contains("worker args [\"two words\",\"\",\"last\"]", "worker exit 0");
    }

    /** A primary started with java -jar (how services are often run) forks workers that start. */
    @Test
    void defaultsRelaunchAnExecutableJar(@TempDir Path dir) throws Exception {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(Attributes.Name.MAIN_CLASS, SelfForkingApp.class.getName());
        attributes.put(Attributes.Name.CLASS_PATH, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString())
                .collect(Collectors.joining(" ")));
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        List<String> out = runPrimary(List.of("-jar", jar.toString(), "from-jar"));
        assertThat(out).contains("worker args [\"from-jar\"]", "worker exit 0");
    }

    /** Runs a primary JVM with {@code args} after the JVM options until it exits; its output lines. */
    /** Two JVMs cannot open one JMX port (the second exits at start), and a worker needs none. */
    @Test
    void aWorkerDoesNotInheritItsPrimarysJmxPort() throws Exception {
        int jmxPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            jmxPort = probe.getLocalPort();
        }
        List<String> out = runPrimary(List.of("-Dcom.sun.management.jmxremote.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false", "-cp", System.getProperty("java.class.path"),
                SelfForkingApp.class.getName()));
        assertThat(out).contains("worker args []", "worker exit 0");
    }

    private static List<String> runPrimary(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(args);
        Process primary = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(primary.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(primary.waitFor(30, TimeUnit.SECONDS)).as("the primary exits once its worker did").isTrue();
            return output.get(10, TimeUnit.SECONDS).lines().toList();
        } finally {
            primary.descendants().forEach(ProcessHandle::destroyForcibly);
            primary.destroyForcibly();
        }
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

    /**
     * A fork whose JVM cannot start says why, and leaves nothing behind: no IPC thread keeping the
     * primary alive with no worker, as a primary with no workers keeps nothing alive.
     */
    @Test
    void aForkThatCannotStartItsJvmLeavesNoIpcBehind(@TempDir Path dir) {
        Path noJava = dir.resolve("no-such-java");
        Cluster.setupPrimary(ClusterSettings.builder().mainClass(TestWorkerApp.class).javaBinary(noJava).build());
        assertThatThrownBy(Cluster::fork).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot start worker").hasMessageContaining(noJava.toString());
        assertThat(Cluster.workers()).isEmpty();
        org.awaitility.Awaitility.await("no cluster-ipc thread").atMost(java.time.Duration.ofSeconds(10))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.isAlive() && t.getName().startsWith("cluster-ipc")));
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
