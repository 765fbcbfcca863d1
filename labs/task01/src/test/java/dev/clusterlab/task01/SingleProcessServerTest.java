package dev.clusterlab.task01;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.Ports;
import dev.clusterlab.workloads.Primes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Task 1: one process, one event loop. Each check starts {@link SingleProcessServer} as its own JVM
 * and talks to it over HTTP on 127.0.0.1.
 */
@Graded
@Hint("Look at SingleProcessServer in src/main: fill in each TODO (the CPU work itself is Primes.countBelow,"
        + " ready to call), then run the server (./mvnw -pl labs/task01 compile exec:exec) and try it with curl.")
class SingleProcessServerTest {

    /** A request the checks expect to take a while: some /work calls keep a core busy for seconds. */
    private static final Duration SLOW_REQUEST = Duration.ofSeconds(30);
    /** The n of /work in the blocking check: about a second of work here (tripled on fast machines). */
    private static final int BLOCKING_N = 3_000_000;
    /** How long after sending /work the check sends /hello, so the work has surely started. */
    private static final Duration HEAD_START = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Points(1)
    @Hint("GET /hello must answer 200 with the text hello (Response.text). Look at hello() in SingleProcessServer.")
    void helloAnswers() {
        try (LaunchedApp app = start()) {
            HttpResult hello = Http.get(app.port(), "/hello");

            assertOk(hello, "/hello");
            assertThat(hello.body().strip()).as("the body of GET /hello").isEqualTo("hello");
            assertThat(hello.header("Content-Type")).as("the Content-Type of GET /hello")
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        }
    }

    @Test
    @Points(3)
    @Hint("GET /work?n=N must answer JSON {\"n\": N, \"primes\": <how many primes are below N>, \"millis\": ...},"
            + " with n = Primes.DEFAULT_N when ?n= is missing, and 400 when n is negative or above Primes.MAX_N."
            + " Look at work() in SingleProcessServer: count with Primes.countBelow(n) and answer the n you counted"
            + " for; below 10 there are 4 primes (2, 3, 5, 7); 0, 1 and n itself do not count.")
    void workCountsThePrimesBelowN() throws IOException {
        try (LaunchedApp app = start()) {
            for (int n : new int[] {0, 1, 2, 3, 4, 10, 11, 100, 7919, 7920, 65_536, 100_000, 1_000_003}) {
                String path = "/work?n=" + n;
                JsonNode result = json(Http.get(app.port(), path, SLOW_REQUEST), path);

                assertThat(result.path("n").asLong(-1)).as("\"n\" in the answer of GET %s", path).isEqualTo(n);
                assertThat(result.path("primes").asLong(-1)).as("\"primes\" in the answer of GET %s", path)
                        .isEqualTo(primesBelow(n));
            }

            JsonNode byDefault = json(Http.get(app.port(), "/work", SLOW_REQUEST), "/work");
            int n = byDefault.path("n").asInt(-1);
            assertThat(n).as("\"n\" in the answer of GET /work (no ?n=): Primes.DEFAULT_N")
                    .isEqualTo(Primes.DEFAULT_N);
            assertThat(byDefault.path("primes").asLong(-1)).as("\"primes\" in the answer of GET /work")
                    .isEqualTo(primesBelow(n));
            assertThat(byDefault.has("millis")).as("the answer of GET /work has \"millis\": %s", byDefault)
                    .isTrue();

            for (String bad : new String[] {"/work?n=-1", "/work?n=" + (Primes.MAX_N + 1)}) {
                HttpResult rejected = Http.get(app.port(), bad);
                assertThat(rejected.status()).as("the status of GET %s (body: %s)", bad, rejected.body())
                        .isEqualTo(400);
            }
        }
    }

    @Test
    @Points(3)
    @Hint("While GET /work computes, the one event loop can do nothing else: GET /hello on another connection"
            + " must wait until the work is done. Keep execution(Execution.EVENT_LOOP) and eventLoops(1), and"
            + " call Primes.countBelow(n) right in the handler (no thread, no executor, no faster count of your own).")
    void slowRequestBlocksEveryOtherConnection() throws Exception {
        try (LaunchedApp app = start()) {
            // Warm up the JIT, so the measured call is as fast as it gets.
            json(Http.getOnNewConnection(app.port(), "/work?n=300000", SLOW_REQUEST), "/work?n=300000");

            int n = BLOCKING_N;
            Blocking last = null;
            for (int attempt = 1; attempt <= 3; attempt++) {
                last = measureBlocking(app.port(), n);
                if (last.failure() == null) {
                    return;
                }
                System.out.println("attempt " + attempt + ": " + last.failure());
                if (last.tooShort()) {
                    // A fast machine: give the event loop more work, so the wait is long enough to see.
                    n = Math.min(Primes.MAX_N, n * 3);
                }
                // Otherwise a scheduling hiccup (the /hello read before the /work) gets another try.
            }
            fail(last.failure());
        }
    }

    @Test
    @Points(3)
    @Hint("GET /crash must end the whole process with a non-zero exit status, as an uncaught exception ends"
            + " a Node process. An exception a handler throws only becomes a 500: throw it on a new thread,"
            + " where nobody catches it, so the uncaught-exception handler (dieLikeNode) ends the process.")
    void crashTakesTheWholeServiceDown() {
        try (LaunchedApp app = start()) {
            String answer;
            try {
                HttpResult crash = Http.getOnNewConnection(app.port(), "/crash", Duration.ofSeconds(10));
                answer = "it answered " + crash.status() + " " + crash.body().strip();
            } catch (UncheckedIOException expected) {
                answer = "the connection broke (" + expected.getMessage() + ")";
            }

            if (!exited(app, Duration.ofSeconds(5))) {
                fail("After GET /crash the server process (pid " + app.pid() + ") was still running 5 s later;"
                        + " " + answer + ". A crash must end the process.");
            }
            assertThat(app.process().exitValue()).as("the exit status of the crashed process (0 means success)")
                    .isNotZero();
            assertThat(Ports.isAccepting(app.port()))
                    .as("whether 127.0.0.1:%d still accepts connections after the crash", app.port()).isFalse();
            assertThat(catchRefused(app.port()))
                    .as("GET /hello after the crash: with one process, nothing is left to answer").isTrue();
        }
    }

    // --- helpers ---

    private static LaunchedApp start() {
        return AppLauncher.forMainClass(SingleProcessServer.class).start();
    }

    /** What one measurement of head-of-line blocking found: null failure when the hello waited. */
    private record Blocking(String failure, boolean tooShort) {
    }

    /**
     * Sends GET /work?n= (long) and, a moment later, GET /hello on another connection, and tells
     * whether the hello waited for the work.
     */
    private static Blocking measureBlocking(int port, int n) throws Exception {
        String workPath = "/work?n=" + n;
        long[] workDone = new long[1];
        CompletableFuture<HttpResult> work = CompletableFuture.supplyAsync(() -> {
            HttpResult result = Http.getOnNewConnection(port, workPath, SLOW_REQUEST);
            workDone[0] = System.nanoTime();
            return result;
        });
        Thread.sleep(HEAD_START);
        long helloSent = System.nanoTime();
        HttpResult hello = Http.getOnNewConnection(port, "/hello", SLOW_REQUEST);
        HttpResult slow = work.get(SLOW_REQUEST.toSeconds() + 5, TimeUnit.SECONDS);

        assertOk(hello, "/hello");
        JsonNode result = json(slow, workPath);
        assertThat(result.path("primes").asLong(-1)).as("\"primes\" in the answer of GET %s", workPath)
                .isEqualTo(primesBelow(n));

        long helloMillis = hello.latency().toMillis();
        long workLeftMillis = Duration.ofNanos(workDone[0] - helloSent).toMillis();
        if (workLeftMillis < 300) {
            return new Blocking("GET " + workPath + " took only " + slow.latency().toMillis() + " ms in all, too"
                    + " little to keep the server busy: count the primes with Primes.countBelow(n), as the TODO"
                    + " says.", true);
        }
        if (helloMillis < workLeftMillis / 2) {
            return new Blocking("GET /hello answered in " + helloMillis + " ms although GET " + workPath + " (sent "
                    + HEAD_START.toMillis() + " ms before it, on another connection) was busy " + workLeftMillis
                    + " ms longer: the hello did not wait for the work, so the server does not run one request"
                    + " at a time on one event loop.", false);
        }
        System.out.println("GET /hello waited " + helloMillis + " ms for GET " + workPath + " (" + workLeftMillis
                + " ms of work left when it was sent)");
        return new Blocking(null, false);
    }

    /** Whether a request is refused now, as it is when nothing listens on the port. */
    private static boolean catchRefused(int port) {
        try {
            Http.getOnNewConnection(port, "/hello", Duration.ofSeconds(2));
            return false;
        } catch (UncheckedIOException refused) {
            return true;
        }
    }

    private static boolean exited(LaunchedApp app, Duration timeout) {
        try {
            return app.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void assertOk(HttpResult result, String path) {
        assertThat(result.status()).as("the status of GET %s (body: %s)", path, result.body().strip()).isEqualTo(200);
    }

    private static JsonNode json(HttpResult result, String path) throws IOException {
        assertOk(result, path);
        try {
            return JSON.readTree(result.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " did not answer JSON but: " + result.body(), e);
        }
    }

    /** How many primes are below {@code n}, by the sieve of Eratosthenes: not the app's way of counting. */
    static long primesBelow(int n) {
        if (n < 3) {
            return 0;
        }
        boolean[] composite = new boolean[n];
        long count = 0;
        for (int i = 2; i < n; i++) {
            if (!composite[i]) {
                count++;
                for (long j = (long) i * i; j < n; j += i) {
                    composite[(int) j] = true;
                }
            }
        }
        return count;
    }
}
