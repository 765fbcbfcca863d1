package dev.clusterlab.task01;

import dev.clusterlab.http.Execution;
import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.HttpServer;
import dev.clusterlab.http.Request;
import dev.clusterlab.http.Response;
import dev.clusterlab.workloads.Primes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task 1: one process with one thread serving every connection, the way a Node.js server runs.
 *
 * <ul>
 *   <li>{@code GET /hello} answers at once;</li>
 *   <li>{@code GET /work?n=} counts the primes below {@code n} ({@link Primes}, the shared CPU
 *       workload) on the event loop, and every other request waits until it is done: head-of-line
 *       blocking;</li>
 *   <li>{@code GET /crash} lets an exception escape uncaught, which ends the process as it ends a
 *       Node process, and with it the whole service.</li>
 * </ul>
 *
 * <p>Run it with {@code ./mvnw -pl solutions/task01 compile exec:exec} (or {@code labs/task01}), then
 * {@code curl 127.0.0.1:8080/hello}. {@code PORT} picks another port.
 */
public final class SingleProcessServer {
    private static final Logger LOG = LoggerFactory.getLogger(SingleProcessServer.class);
    /** The port when {@code PORT} is not set. */
    static final int DEFAULT_PORT = 8080;

    private SingleProcessServer() {
    }

    /** The answer of {@code GET /work}: how many primes are below {@code n}, and how long counting took. */
    public record WorkResult(int n, int primes, long millis) {
    }

    /** Starts the server on 127.0.0.1:{@code PORT}. */
    public static void main(String[] args) {
        // tag::uncaught[]
        // A JVM survives an uncaught exception (only its thread dies); Node exits. Behave like Node.
        Thread.setDefaultUncaughtExceptionHandler(SingleProcessServer::dieLikeNode);
        // end::uncaught[]
        int port = port();
        // tag::app[]
        HttpServer server = HttpApp.create()
                .execution(Execution.EVENT_LOOP) // handlers run on the event loop thread, as in Node...
                .eventLoops(1)                   // ...and there is one: one request at a time
                .get("/hello", SingleProcessServer::hello)
                .get("/work", SingleProcessServer::work)
                .get("/crash", SingleProcessServer::crash)
                .listen(port);
        // end::app[]
        LOG.info("listening on {}:{} (pid {}, one event loop)", server.address().getAddress().getHostAddress(),
                server.port(), ProcessHandle.current().pid());
    }

    /** {@code GET /hello}: the fast endpoint. */
    static Response hello(Request request) {
        throw new UnsupportedOperationException("TODO(task01): answer at once with the text hello (Response.text)");
    }

    /** {@code GET /work?n=}: the slow endpoint, CPU-bound, run right here on the event loop. */
    static Response work(Request request) {
        throw new UnsupportedOperationException("TODO(task01): read n with request.queryInt (default Primes.DEFAULT_N; answer 400 unless 0 <= n <= Primes.MAX_N), count the primes below n with Primes.countBelow(n) right here on this thread (no other thread, no executor) and answer Response.json(new WorkResult(n, primes, millis))");
    }

    /** {@code GET /crash}: a bug nobody catches. */
    static Response crash(Request request) throws InterruptedException {
        throw new UnsupportedOperationException("TODO(task01): throw an exception that nobody catches: on a new thread, since the server turns an exception thrown by a handler into a 500; then dieLikeNode ends the process");
    }

    // tag::die-like-node[]
    /**
     * What Node does with an uncaught exception: print it and exit with code 1 at once. Halting skips
     * shutdown hooks and graceful closes, as a crash does: connections in flight are cut.
     */
    static void dieLikeNode(Thread thread, Throwable error) {
        System.err.println("uncaught exception in thread \"" + thread.getName() + "\": the process exits with code 1");
        error.printStackTrace();
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }
    // end::die-like-node[]

    /** {@code PORT} from the environment, or {@link #DEFAULT_PORT}. */
    static int port() {
        String value = System.getenv("PORT");
        return value == null || value.isBlank() ? DEFAULT_PORT : Integer.parseInt(value.trim());
    }
}
