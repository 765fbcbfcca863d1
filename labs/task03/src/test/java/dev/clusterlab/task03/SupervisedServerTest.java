package dev.clusterlab.task03;

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
import dev.clusterlab.testkit.LoadLoop;
import dev.clusterlab.testkit.LoadResult;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.ProcInfo;
import dev.clusterlab.testkit.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Task 3: the supervisor at work. Each check starts {@link SupervisedServer} with {@code WORKERS=2} as
 * its own process tree (a primary JVM and its worker JVMs) and looks at it from outside: processes,
 * HTTP, and the lines the supervisor prints.
 */
@Graded
@Hint("Look at Supervisor in src/main (exited, restart, giveUp, received), at WorkerRegistry and at StatsClient;"
        + " the restart policy's classes have checks of their own (RestartPolicyTest). Run the app with"
        + " ./mvnw -pl labs/task03 compile exec:exec and read what the supervisor prints.")
class SupervisedServerTest {

    private static final int WORKERS = 2;
    private static final Duration STARTUP = Duration.ofSeconds(30);
    /** How long a killed worker may take to be replaced: the backoff, then a JVM start on a busy machine. */
    private static final Duration REPLACEMENT = Duration.ofSeconds(20);
    private static final Duration REQUEST = Duration.ofSeconds(10);
    private static final Pattern RESTART = Pattern.compile("restart (\\d+) in (\\d+) ms");
    private static final Pattern TODO = Pattern.compile(".*TODO\\(task03\\).*");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Points(2)
    @Hint("A worker killed with SIGKILL did not die on purpose (exitedAfterDisconnect() is false): the supervisor"
            + " must fork a replacement after the backoff, while the other worker goes on serving. Look at"
            + " Supervisor.exited (ask the policy, act on its decision) and Supervisor.restart (schedule the fork"
            + " with later(...), never sleep on the supervisor's thread).")
    void killedWorkerIsReplacedWhileTheOtherKeepsServing() throws InterruptedException {
        try (LaunchedApp app = startCluster(Map.of())) {
            Map<Long, Integer> workers = whoAnswers(app, ProcessTree.pids(awaitWorkers(app)));
            List<Long> pids = new ArrayList<>(workers.keySet());
            long victim = pids.get(0);
            long survivor = pids.get(1);
            HttpClient pinned = clientPinnedTo(app.port(), survivor);
            try {
                int from = app.output().length();
                ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);

                List<String> survivorFailures = new ArrayList<>();
                int survivorAnswers = 0;
                Long replacement = null;
                Set<Long> answered = new TreeSet<>();
                long deadline = System.nanoTime() + REPLACEMENT.toNanos();
                while (replacement == null && System.nanoTime() < deadline) {
                    failOnTodo(app, from, "after worker pid " + victim + " was killed");
                    // The survivor, on the keep-alive connection it holds: it must answer every time.
                    try {
                        long pid = pidOf(send(pinned, app.port(), "/whoami"));
                        if (pid == survivor) {
                            survivorAnswers++;
                        } else {
                            survivorFailures.add("answered by pid " + pid);
                        }
                    } catch (IOException | RuntimeException | AssertionError e) {
                        survivorFailures.add(e.toString());
                    }
                    // Anyone, on a new connection: the kernel hands some of them to the replacement once it
                    // listens. Right after the kill a connection may still meet the dead worker's socket.
                    try {
                        long pid = pidOf(Http.getOnNewConnection(app.port(), "/whoami", REQUEST));
                        answered.add(pid);
                        if (pid != victim && pid != survivor) {
                            replacement = pid;
                        }
                    } catch (UncheckedIOException | AssertionError e) {
                        System.out.println("while the worker is replaced: " + e.getMessage());
                    }
                    Thread.sleep(100);
                }

                assertThat(replacement).as("a new worker answering GET /whoami within %d s after worker pid %d was"
                        + " killed with SIGKILL (the pids that answered: %s)", REPLACEMENT.toSeconds(), victim, answered)
                        .isNotNull();
                assertThat(survivorFailures).as("what went wrong on the surviving worker's (pid %d) keep-alive"
                        + " connection while the killed one was replaced (%d answers were right)", survivor,
                        survivorAnswers).isEmpty();
                assertThat(ProcessTree.pids(app.javaChildren())).as("the primary's child JVMs after the restart")
                        .containsExactlyInAnyOrder(survivor, replacement);
            } finally {
                pinned.shutdownNow();
            }
        }
    }

    @Test
    @Points(2)
    @Hint("A worker that called Cluster.worker().disconnect() left on purpose: its exitedAfterDisconnect() is true"
            + " and the supervisor must not restart it (and must say so: leftAlone prints 'not restarting'). Look at"
            + " RestartPolicy.decide and at how Supervisor.exited acts on a LeaveAlone decision.")
    void workerThatDisconnectsIsNotRestarted() {
        try (LaunchedApp app = startCluster(Map.of())) {
            Map<Long, Integer> workers = whoAnswers(app, ProcessTree.pids(awaitWorkers(app)));
            int from = app.output().length();

            HttpResult bye = post(app.port(), "/disconnect");
            JsonNode leaving = json(bye, "POST /disconnect");
            long leaver = leaving.path("pid").asLong();
            assertThat(workers).as("the workers, by pid; POST /disconnect answered %s", leaving).containsKey(leaver);
            long stayer = workers.keySet().stream().filter(pid -> pid != leaver).findFirst().orElseThrow();

            assertThat(ProcessTree.awaitGone(List.of(leaver), Duration.ofSeconds(15)))
                    .as("the worker that was told POST /disconnect, still running 15 s later").isEmpty();
            awaitLine(app, from, Pattern.compile("worker " + workers.get(leaver) + " \\(pid " + leaver + "\\).*not restarting"),
                    Duration.ofSeconds(15), "the supervisor saying it does not restart the worker that disconnected");

            // Long enough for a wrong restart to show: the backoff is 100 ms, a fork is a new child at once.
            await("the primary's child JVMs staying just the worker that did not disconnect (pid " + stayer + ")")
                    .during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ProcessTree.pids(app.javaChildren()).equals(Set.of(stayer)));
            assertThat(RESTART.matcher(app.output().substring(from)).find())
                    .as("whether the supervisor printed 'restart N in M ms' after a worker disconnected:%n%s",
                            app.output().substring(from)).isFalse();
            for (int i = 0; i < 5; i++) {
                assertThat(pidOf(Http.getOnNewConnection(app.port(), "/whoami", REQUEST)))
                        .as("the pid that answers GET /whoami once only one worker is left").isEqualTo(stayer);
            }
            assertThat(app.isAlive()).as("whether the primary still runs with one worker left").isTrue();
        }
    }

    @Test
    @Timeout(90) // two rounds of JVMs that start and crash, then the primary's exit: slow on a busy machine
    @Points(2)
    @Hint("With CRASH_ON_START=1 every worker dies on start. The supervisor must restart them with growing delays"
            + " (restart 1 in 200 ms, restart 2 in 400 ms, ...), and once a restart would be more than MAX_RESTARTS"
            + " within RESTART_PERIOD_S, give up: stop the workers and exit non-zero. Look at Supervisor.exited and"
            + " Supervisor.giveUp, and at RestartIntensity.")
    void crashLoopMakesThePrimaryGiveUp() {
        Map<String, String> env = Map.of("CRASH_ON_START", "1", "MAX_RESTARTS", "3", "RESTART_PERIOD_S", "120",
                "BACKOFF_INITIAL_MS", "200", "BACKOFF_MAX_MS", "5000");
        try (LaunchedApp app = AppLauncher.forMainClass(SupervisedServer.class).workers(WORKERS).env(env).spawn()) {
            awaitLine(app, 0, RESTART, STARTUP, "the supervisor's first 'restart N in M ms' after a worker crashed on"
                    + " start");
            int code = awaitExit(app, Duration.ofSeconds(30), "after its first restart, with every worker crashing on"
                    + " start and MAX_RESTARTS=3, it should have given up and exited");

            Map<Integer, Long> delays = new TreeMap<>();
            Matcher restarts = RESTART.matcher(app.output());
            while (restarts.find()) {
                delays.put(Integer.parseInt(restarts.group(1)), Long.parseLong(restarts.group(2)));
            }
            assertThat(delays.keySet()).as("the restarts the supervisor printed ('restart N in M ms') with"
                    + " MAX_RESTARTS=3 before it gave up").containsExactly(1, 2, 3);
            List<Long> inOrder = new ArrayList<>(delays.values());
            assertThat(inOrder.get(1) > inOrder.get(0) && inOrder.get(2) > inOrder.get(1))
                    .as("whether the delays of restarts 1, 2, 3 grow (they were %s ms)", inOrder).isTrue();
            assertThat(app.output()).as("the supervisor's output").contains("giving up");
            assertThat(code).as("the primary's exit code after it gave up on a crash loop").isNotZero();
        }
    }

    @Test
    @Points(2)
    @Hint("GET /stats on a worker must answer the primary's registry: the worker sends a StatsRequest (StatsClient.ask),"
            + " the primary answers with a StatsReply (Supervisor.received) carrying the same requestId, and the"
            + " worker hands it to the request that waits for it (StatsClient.received). The registry lists each"
            + " worker by id with its pid and status (WorkerRegistry).")
    void statsRoundTripsThroughThePrimary() {
        try (LaunchedApp app = startCluster(Map.of())) {
            Map<Long, Integer> workers = whoAnswers(app, ProcessTree.pids(awaitWorkers(app)));
            Map<Integer, Long> expected = new TreeMap<>();
            workers.forEach((pid, id) -> expected.put(id, pid));

            Set<Integer> askers = new TreeSet<>();
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (askers.size() < WORKERS && System.nanoTime() < deadline) {
                HttpResult answer = Http.getOnNewConnection(app.port(), "/stats", REQUEST);
                if (answer.status() != 200) {
                    failOnTodo(app, 0, "answering GET /stats (" + answer.status() + " " + answer.body().strip() + ")");
                }
                JsonNode stats = json(answer, "GET /stats");
                seen.add(stats.toString());
                Map<Integer, Long> listed = new TreeMap<>();
                Map<Integer, String> statuses = new HashMap<>();
                stats.path("workers").forEach(w -> {
                    listed.put(w.path("id").asInt(), w.path("pid").asLong());
                    statuses.put(w.path("id").asInt(), w.path("status").asText());
                });
                assertThat(stats.path("primaryPid").asLong()).as("primaryPid in GET /stats: %s", stats)
                        .isEqualTo(app.pid());
                assertThat(listed).as("the workers (id -> pid) in GET /stats: %s; GET /whoami found %s", stats, expected)
                        .isEqualTo(expected);
                assertThat(stats.path("restarts").asInt(-1)).as("restarts in GET /stats: %s", stats).isZero();
                int asker = stats.path("askedBy").asInt();
                assertThat(expected).as("the workers by id; askedBy in GET /stats: %s", stats).containsKey(asker);
                if (statuses.values().stream().allMatch("LISTENING"::equals)) {
                    askers.add(asker);
                }
            }
            assertThat(askers).as("the workers whose GET /stats listed every worker as LISTENING (answers: %s)", seen)
                    .hasSize(WORKERS);

            LoadResult load = LoadLoop.get(app.port(), "/stats").requests(60).concurrency(8)
                    .requestTimeout(REQUEST).newConnectionPerRequest().run();
            assertThat(load.successes()).as("GET /stats answered 200, of 60 sent 8 at a time: %s", load)
                    .isEqualTo(60);
            Set<Long> requestIds = new TreeSet<>();
            load.samples().forEach(s -> requestIds.add(json(s.body()).path("requestId").asLong(-1)));
            assertThat(requestIds).as("the requestIds of 60 GET /stats answers").doesNotContain(-1L);
        }
    }

    // --- helpers ---

    /** Starts the app with WORKERS=2, a short backoff and {@code env}, and waits until its port accepts connections. */
    private static LaunchedApp startCluster(Map<String, String> env) {
        return AppLauncher.forMainClass(SupervisedServer.class).workers(WORKERS).env("BACKOFF_INITIAL_MS", "100")
                .env(env).readyTimeout(STARTUP).start();
    }

    /** Waits until the primary has {@value #WORKERS} child JVMs and returns them. */
    private static List<ProcInfo> awaitWorkers(LaunchedApp app) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        List<ProcInfo> workers = app.javaChildren();
        while (workers.size() < WORKERS && System.nanoTime() < deadline && app.isAlive()) {
            sleep(100);
            workers = app.javaChildren();
        }
        assertThat(workers).as("the primary's child JVMs (its workers) with WORKERS=%d", WORKERS).hasSize(WORKERS);
        return workers;
    }

    /**
     * Asks GET /whoami on new connections until every worker answered.
     *
     * @return each worker's id by pid, in the order they first answered
     */
    private static Map<Long, Integer> whoAnswers(LaunchedApp app, Set<Long> workerPids) {
        Map<Long, Integer> idsByPid = new LinkedHashMap<>();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!idsByPid.keySet().equals(workerPids) && System.nanoTime() < deadline) {
            JsonNode who = json(Http.getOnNewConnection(app.port(), "/whoami", REQUEST), "GET /whoami");
            assertThat(who.path("pid").asLong()).as("the pid in GET /whoami (%s): one of the primary's workers %s",
                    who, workerPids).isIn(workerPids);
            idsByPid.put(who.path("pid").asLong(), who.path("workerId").asInt());
        }
        assertThat(idsByPid.keySet()).as("the workers that answered GET /whoami").isEqualTo(workerPids);
        return idsByPid;
    }

    /**
     * An HTTP client whose one keep-alive connection is held by the worker {@code pid}: it asks GET /whoami
     * on fresh clients (each opens its own connection, and the kernel picks the worker) until that worker
     * answers. The client then reuses that connection for every request sent one at a time.
     */
    private static HttpClient clientPinnedTo(int port, long pid) {
        for (int attempt = 0; attempt < 100; attempt++) {
            HttpClient client = newClient();
            try {
                if (pidOf(send(client, port, "/whoami")) == pid) {
                    return client;
                }
            } catch (IOException e) {
                System.out.println("pinning a connection to pid " + pid + ": " + e);
            }
            client.shutdownNow();
        }
        throw new AssertionError("100 new connections reached other workers than pid " + pid);
    }

    private static HttpResult send(HttpClient client, int port, String path) throws IOException {
        return send(client, HttpRequest.newBuilder(Http.uri(port, path)).timeout(REQUEST).GET().build());
    }

    /** POST with an empty body, on a client of its own (no pooled connection to an app of an earlier check). */
    private static HttpResult post(int port, String path) {
        HttpClient client = newClient();
        try {
            return send(client, HttpRequest.newBuilder(Http.uri(port, path)).timeout(REQUEST)
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " failed: " + e, e);
        } finally {
            client.shutdownNow();
        }
    }

    private static HttpResult send(HttpClient client, HttpRequest request) throws IOException {
        try {
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new HttpResult(response.statusCode(), response.headers().map(), response.body(),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST).build();
    }

    /** Waits until the primary exits and returns its code; fails at once if it runs into a TODO of this task first. */
    private static int awaitExit(LaunchedApp app, Duration timeout, String why) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (app.isAlive()) {
            failOnTodo(app, 0, "while the primary should give up and exit");
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The primary was still running " + timeout.toSeconds() + " s later: " + why
                        + ". Last lines of its output (all of it: " + app.logFile() + "):\n" + app.outputTail(40));
            }
            sleep(100);
        }
        return app.awaitExit(Duration.ofSeconds(1));
    }

    /**
     * Waits until the output after position {@code from} matches {@code pattern}; fails at once if a
     * TODO of this task shows up there instead (the supervisor ran into an unfinished part).
     */
    private static void awaitLine(LaunchedApp app, int from, Pattern pattern, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pattern.matcher(app.output().substring(from)).find()) {
            failOnTodo(app, from, "while waiting for " + what);
            if (System.nanoTime() > deadline || !app.isAlive() && !pattern.matcher(app.output().substring(from)).find()) {
                throw new AssertionError("The app's output did not show " + what + " (/" + pattern + "/) "
                        + (app.isAlive() ? "within " + timeout.toSeconds() + " s" : "before the app ended")
                        + ". Last lines of its output (all of it: " + app.logFile() + "):\n" + app.outputTail(40));
            }
            sleep(100);
        }
    }

    /** Fails if the output after position {@code from} shows an unfinished TODO of this task. */
    private static void failOnTodo(LaunchedApp app, int from, String when) {
        Optional<String> todo = app.output().substring(from).lines().filter(l -> TODO.matcher(l).matches()).findFirst();
        if (todo.isPresent()) {
            throw new AssertionError("The app ran into a TODO " + when + ": " + todo.get().strip()
                    + "\nLast lines of its output (all of it: " + app.logFile() + "):\n" + app.outputTail(40));
        }
    }

    private static long pidOf(HttpResult result) {
        JsonNode who = json(result, "GET /whoami");
        assertThat(who.has("pid")).as("GET /whoami answered %s, not {\"workerId\": ..., \"pid\": ...}", who).isTrue();
        return who.path("pid").asLong();
    }

    private static JsonNode json(HttpResult result, String request) {
        assertThat(result.status()).as("the status of %s (body: %s)", request, result.body().strip()).isEqualTo(200);
        return json(result.body());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
