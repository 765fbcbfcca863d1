package dev.clusterlab.load.jmh.task10;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the JobPool's hop costs per job: one {@code POST /jobs} of an (almost) empty job, one PBKDF2
 * iteration, on one keep-alive connection, against task 10's server in {@code JOB_MODE=threads} (the
 * primary hashes on its own thread pool) and {@code pool} with one worker (the primary sends the job
 * over IPC and waits for the result). Both pay the same HTTP; the difference between the two is the
 * IPC round trip primary → worker → primary, with its JSON.
 *
 * <p>The server runs as its own process from the solution's classes and class path, which {@code
 * ./workbook bench 10} writes first ({@code solutions/task10/target/classpath.txt}); the load tests
 * depend on no task. Run: {@code ./workbook bench 10}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JobRoundTripBenchmark {
    private static final Path MODULE = Path.of("solutions/task10");
    private static final String EMPTY_JOB = "{\"password\":\"p\",\"salt\":\"s\",\"iterations\":1}";

    @Param({"threads", "pool"})
    public String mode;

    private Process server;
    /** The server's output: kept when it did not start (the error names it), removed at tear-down. */
    private Path log;
    private HttpClient client;
    private HttpRequest job;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path classPath = MODULE.resolve("target/classpath.txt");
        if (!Files.isRegularFile(classPath)) {
            throw new IllegalStateException(classPath.toAbsolutePath() + " is missing: run ./workbook bench 10 from the"
                    + " repository root, which writes it");
        }
        int[] ports = freePorts(); // the catalog's and the jobs' (port + 1 may be taken)
        log = Files.createTempFile("clusterlab-bench-task10-", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp",
                MODULE.resolve("target/classes") + File.pathSeparator + Files.readString(classPath).trim(),
                "dev.clusterlab.task10.UseCaseServer"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("PORT", Integer.toString(ports[0]), "JOBS_PORT", Integer.toString(ports[1]),
                "JOB_MODE", mode, "WORKERS", "1"));
        server = builder.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        job = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[1] + "/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(EMPTY_JOB)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (submit() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!server.isAlive() || System.nanoTime() > deadline) {
                stop();
                Path output = log;
                log = null; // kept for the reader of the error
                throw new IllegalStateException("task 10's server (" + mode + ") did not answer POST /jobs within 30 s;"
                        + " its output: " + output);
            }
            Thread.sleep(100);
        }
    }

    @Benchmark
    public int emptyJob() throws IOException, InterruptedException {
        int status = submit();
        if (status != 200) {
            throw new IllegalStateException("POST /jobs answered " + status);
        }
        return status;
    }

    private int submit() throws IOException, InterruptedException {
        return client.send(job, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException, IOException {
        stop();
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    private void stop() throws InterruptedException {
        if (server != null) {
            // SIGTERM: the primary drains and takes its worker with it.
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly().waitFor();
            }
        }
    }

    /** Two free ports, held open together while asked for, so they differ. */
    private static int[] freePorts() throws IOException {
        try (ServerSocket first = new ServerSocket(0); ServerSocket second = new ServerSocket(0)) {
            return new int[] {first.getLocalPort(), second.getLocalPort()};
        }
    }
}
