package dev.clusterlab.task07;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.Nginx;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.Ports;
import dev.clusterlab.testkit.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task 7: zero downtime. Each check starts {@link ZeroDowntimeServer} (a primary and its worker
 * JVMs, {@code WORKERS} of them) with its own release artifact ({@code VERSION_FILE}) and control port
 * ({@code ADMIN_PORT}), and judges it from outside: HTTP, signals, processes, output.
 */
@Graded
@Hint("Look at ZeroDowntimeServer (drainOnShutdown), WorkerApp (ready), RollingReload (run) and BlueGreenSwitch (run)"
        + " in src/main. Run it: echo v1 > /tmp/VERSION; VERSION_FILE=/tmp/VERSION ./mvnw -pl labs/task07 compile"
        + " exec:exec, then curl 127.0.0.1:8080/version and curl -X POST 127.0.0.1:9080/admin/reload.")
class ZeroDowntimeServerTest {
    private static final Duration STARTUP = Duration.ofSeconds(30);
    /** A reload forks JVMs on a busy two-core machine: seconds each. */
    private static final Duration RELOAD = Duration.ofSeconds(60);
    private static final Duration IN_FLIGHT = Duration.ofMillis(700);
    private static final long KILL_GRACE_MS = 2000;
    private static final Pattern ABORTED = Pattern.compile("reload aborted: .+");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    /** Ports this check has handed out: a free port asked for twice can come back twice until bound. */
    private final Set<Integer> taken = new HashSet<>();

    @Test
    @Points(2)
    @Hint("On SIGTERM the primary must drain its workers (Cluster.drainOnSignals or Worker.disconnect with a deadline):"
            + " a request in flight finishes with 200, then every worker exits and the primary exits 0."
            + " Look at drainOnShutdown() in ZeroDowntimeServer.")
    void aRequestInFlightWhenSigtermArrivesCompletes() throws Exception {
        try (LaunchedApp app = start("v1", 2, 10_000)) {
            Set<Long> workers = awaitWorkers(app, 2);
            CompletableFuture<HttpResult> slow = getAsync(app.port(), "/slow?ms=2500", Duration.ofSeconds(30));
            Thread.sleep(IN_FLIGHT.toMillis()); // the request reaches a worker and sleeps there
            app.terminate();

            HttpResult result = slow.handle((r, e) -> r != null ? r : failedWith(e)).get(30, TimeUnit.SECONDS);
            assertThat(result.status()).as("the status of GET /slow?ms=2500, in flight when SIGTERM reached the"
                    + " primary (body: %s)", result.body().strip()).isEqualTo(200);
            assertThat(app.awaitExit(Duration.ofSeconds(20))).as("the primary's exit code after SIGTERM").isZero();
            assertThat(ProcessTree.awaitGone(workers, Duration.ofSeconds(5)))
                    .as("the workers still running after their primary exited").isEmpty();
        }
    }

    @Test
    @Points(2)
    @Hint("The shutdown has a deadline: a request still running when it passes is cut and the worker ends, so the"
            + " cluster exits (code 0) soon after DRAIN_DEADLINE_MS; before the deadline, nothing is cut."
            + " Look at drainOnShutdown() in ZeroDowntimeServer.")
    void aRequestStuckPastTheDeadlineIsCutAndTheClusterExits() throws Exception {
        long deadlineMs = 3000;
        try (LaunchedApp app = start("v1", 2, deadlineMs)) {
            Set<Long> workers = awaitWorkers(app, 2);
            CompletableFuture<HttpResult> stuck = getAsync(app.port(), "/stuck", Duration.ofSeconds(40));
            Thread.sleep(IN_FLIGHT.toMillis());
            long signalled = System.nanoTime();
            app.terminate();

            HttpResult result = stuck.handle((r, e) -> r != null ? r : failedWith(e)).get(40, TimeUnit.SECONDS);
            long cutAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
            assertThat(result.status()).as("GET /stuck never answers; it can only be cut").isNotEqualTo(200);
            assertThat(cutAfter).as("ms from SIGTERM until the stuck request was cut (%s): not before the"
                    + " %d ms deadline, since a shutdown gives requests until then", result.body().strip(), deadlineMs)
                    .isGreaterThanOrEqualTo(deadlineMs - 500);
            long margin = deadlineMs + KILL_GRACE_MS + 5000;
            assertThat(cutAfter).as("ms from SIGTERM until the stuck request was cut").isLessThanOrEqualTo(margin);
            int code = app.awaitExit(Duration.ofMillis(margin));
            assertThat(code).as("the primary's exit code after a drain that hit its deadline").isZero();
            assertThat(ProcessTree.awaitGone(workers, Duration.ofSeconds(5)))
                    .as("the workers still running after their primary exited").isEmpty();
        }
    }

    @Test
    @Points(2)
    @Timeout(120) // two JVM starts and two drains under load, on a busy two-core machine
    @Hint("POST /admin/reload must replace every worker without a failed request, here BATCH=2 (both at once): fork"
            + " the new workers, wait until each is ready (WorkerApp must call Cluster.worker().ready()), and only then"
            + " disconnect the old ones. The new workers read VERSION_FILE again. Look at RollingReload.run() and"
            + " WorkerApp.run().")
    void aRollingReloadUnderSteadyTrafficDropsNothingAndServesTheNewVersion() throws Exception {
        Path artifact = artifact("v1");
        int admin = freePort();
        // One batch of both workers: only fork -> ready -> disconnect leaves no moment without a worker.
        try (LaunchedApp app = start(artifact, admin, 2, 2, 10_000)) {
            Set<Long> before = awaitWorkers(app, 2);
            awaitVersionFromEveryWorker(app.port(), "v1", before);
            Files.writeString(artifact, "v2\n");

            List<SteadyStream.Sample> samples;
            long reloaded;
            try (SteadyStream stream = SteadyStream.start(app.port(), "/version", 3)) {
                Thread.sleep(500);
                HttpResult reload = reload(admin);
                reloaded = System.nanoTime();
                assertThat(reload.status()).as("the status of POST /admin/reload (body: %s)", reload.body().strip())
                        .isEqualTo(200);
                Thread.sleep(1000);
                samples = stream.stop();
            }

            assertNoFailure(samples, "during the rolling reload");
            assertThat(samples.stream().filter(s -> s.sentNanos() > reloaded).map(s -> version(s.body())).distinct())
                    .as("the versions served after the reload").containsExactly("v2");
            Set<Long> after = awaitWorkers(app, 2);
            assertThat(after).as("the worker pids after the reload (before: %s): every one new", before)
                    .doesNotContainAnyElementsOf(before);
            awaitVersionFromEveryWorker(app.port(), "v2", after);
        }
    }

    @Test
    @Points(2)
    @Hint("When a new worker fails to start (here its VERSION_FILE is broken, so it exits), the reload must stop:"
            + " the new worker goes, the old ones are never disconnected and keep serving the old version; the primary"
            + " prints a line starting 'reload aborted: ' and POST /admin/reload answers 503. Look at RollingReload.run().")
    void aReloadWhoseNewWorkerFailsIsAbortedAndTheOldWorkersKeepServing() throws Exception {
        Path artifact = artifact("v1");
        int admin = freePort();
        try (LaunchedApp app = start(artifact, admin, 2, 1, 10_000)) {
            Set<Long> before = awaitWorkers(app, 2);
            awaitVersionFromEveryWorker(app.port(), "v1", before);
            Files.writeString(artifact, "this is not a version!\n");

            HttpResult reload = reload(admin);
            assertThat(reload.status()).as("the status of POST /admin/reload whose new worker cannot start (body: %s)",
                    reload.body().strip()).isEqualTo(503);
            assertThat(JSON.readTree(reload.body()).path("outcome").asText()).as("the outcome in %s", reload.body())
                    .isEqualTo("aborted");
            app.awaitOutput(ABORTED, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ProcessTree.pids(app.javaChildren()))
                    .as("the workers after the aborted reload: the old ones, and no other").isEqualTo(before));
            awaitVersionFromEveryWorker(app.port(), "v1", before);
        }
    }

    @Test
    @Points(2)
    @Timeout(120) // two clusters and nginx, on a busy two-core machine
    @Hint("The switch must wait until green is ready (GET /admin/status), point nginx's upstream file at green, reload"
            + " nginx and wait until its old workers are gone, and only then stop blue gracefully (SIGTERM: it drains)."
            + " Look at BlueGreenSwitch.run().")
    void aBlueGreenSwitchBehindNginxUnderSteadyTrafficDropsNothing() throws Exception {
        Nginx.assumeInstalled();
        int blueAdmin = freePort();
        int greenAdmin = freePort();
        try (LaunchedApp blue = start(artifact("blue-1"), blueAdmin, 1, 1, 5000);
             LaunchedApp green = start(artifact("green-2"), greenAdmin, 1, 1, 5000);
             Nginx nginx = Nginx.start(tmp.resolve("nginx"), Nginx.upstreams(List.of(blue.port())))) {
            awaitVersionFromEveryWorker(nginx.port(), "blue-1", awaitWorkers(blue, 1));
            BlueGreenSwitch.Plan plan = new BlueGreenSwitch.Plan(
                    new NginxControl(Nginx.binary().orElseThrow(), nginx.prefix()),
                    List.of(new BlueGreenSwitch.Instance(green.port(), greenAdmin)),
                    List.of(new BlueGreenSwitch.Instance(blue.port(), blueAdmin)), STARTUP, Duration.ofSeconds(20));

            List<SteadyStream.Sample> samples;
            long switched;
            try (SteadyStream stream = SteadyStream.start(nginx.port(), "/version", 3)) {
                Thread.sleep(500);
                BlueGreenSwitch.run(plan);
                switched = System.nanoTime();
                Thread.sleep(1000);
                samples = stream.stop();
            }

            assertNoFailure(samples, "through nginx during the blue-green switch");
            assertThat(samples.stream().filter(s -> s.sentNanos() > switched).map(s -> version(s.body())).distinct())
                    .as("the versions nginx served after the switch").containsExactly("green-2");
            assertThat(blue.awaitExit(Duration.ofSeconds(10))).as("blue's exit code after the switch stopped it").isZero();
        }
    }

    private LaunchedApp start(String version, int workers, long drainDeadlineMs) throws IOException {
        return start(artifact(version), freePort(), workers, 1, drainDeadlineMs);
    }

    private LaunchedApp start(Path artifact, int adminPort, int workers, int batch, long drainDeadlineMs) {
        return AppLauncher.forMainClass(ZeroDowntimeServer.class).port(freePort()).workers(workers)
                .env("BATCH", Integer.toString(batch))
                .env("VERSION_FILE", artifact.toString())
                .env("ADMIN_PORT", Integer.toString(adminPort))
                .env("DRAIN_DEADLINE_MS", Long.toString(drainDeadlineMs))
                .env("START_TIMEOUT_MS", "30000")
                .readyTimeout(STARTUP).start();
    }

    /** A free port that this check has not handed out before (for PORT or ADMIN_PORT). */
    private int freePort() {
        int port = Ports.freePort();
        while (!taken.add(port)) {
            port = Ports.freePort();
        }
        return port;
    }

    private Path artifact(String version) throws IOException {
        Path file = Files.createTempFile(tmp, "VERSION-", "");
        Files.writeString(file, version + "\n");
        return file;
    }

    /** Waits until the primary has exactly {@code count} worker JVMs; their pids. */
    private static Set<Long> awaitWorkers(LaunchedApp app, int count) {
        return await().atMost(STARTUP).pollInterval(Duration.ofMillis(100))
                .until(() -> ProcessTree.pids(app.javaChildren()), pids -> pids.size() == count);
    }

    /** Waits until every worker in {@code pids} has answered GET /version with {@code version}. */
    private static void awaitVersionFromEveryWorker(int port, String version, Set<Long> pids) {
        Set<Long> seen = new HashSet<>();
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            HttpResult result = Http.getOnNewConnection(port, "/version");
            assertThat(result.status()).as("the status of GET /version (body: %s)", result.body().strip())
                    .isEqualTo(200);
            JsonNode body = JSON.readTree(result.body());
            assertThat(body.path("version").asText()).as("the version in %s", result.body().strip()).isEqualTo(version);
            seen.add(body.path("pid").asLong());
            assertThat(seen).as("the pids that answered GET /version").containsAll(pids);
        });
    }

    private static void assertNoFailure(List<SteadyStream.Sample> samples, String when) {
        List<SteadyStream.Sample> failures = SteadyStream.failures(samples);
        assertThat(failures.size()).as("requests that failed %s, of %d sent; the first: %s", when, samples.size(),
                failures.stream().limit(3).toList()).isZero();
    }

    private static HttpResult reload(int adminPort) {
        return Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/admin/reload"))
                .timeout(RELOAD).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static CompletableFuture<HttpResult> getAsync(int port, String path, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> Http.getOnNewConnection(port, path, timeout));
    }

    private static HttpResult failedWith(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new HttpResult(-1, java.util.Map.of(), "no answer: " + cause.getMessage(), Duration.ZERO);
    }

    private static String version(String body) {
        try {
            return JSON.readTree(body).path("version").asText(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }
}
