package dev.clusterlab.task02;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.HttpServer;
import dev.clusterlab.http.Request;
import dev.clusterlab.http.Response;
import dev.clusterlab.workloads.Primes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task 2: a basic cluster. The same main class runs twice over: once as the primary, which forks
 * one worker JVM per core and serves nothing itself, and once in each worker, which serves HTTP on
 * the one shared port (as in Node, the primary accepts each connection and hands it to the workers
 * in turn).
 *
 * <ul>
 *   <li>{@code GET /} says which worker answered: {@code hello from worker 2 (pid 4242)};</li>
 *   <li>{@code GET /whoami} says it as JSON: {@code {"workerId":2,"pid":4242}};</li>
 *   <li>{@code GET /work?n=} counts primes ({@link Primes}, task 1's workload), on that worker's one
 *       event loop.</li>
 * </ul>
 *
 * <p>Run it with {@code ./mvnw -pl solutions/task02 compile exec:exec} (or {@code labs/task02}), then
 * {@code curl 127.0.0.1:8080/} a few times. {@code PORT} and {@code WORKERS} change the port and the
 * number of workers (by default one per core).
 */
public final class ClusterServer {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterServer.class);
    /** The port when {@code PORT} is not set. */
    static final int DEFAULT_PORT = 8080;

    private ClusterServer() {
    }

    /** The answer of {@code GET /whoami}. */
    public record WhoAmI(int workerId, long pid) {
    }

    /** The answer of {@code GET /work}: who counted, how many primes are below {@code n}, how long it took. */
    public record WorkResult(int workerId, long pid, int n, int primes, long millis) {
    }

    /** Runs the primary, or a worker when the primary started this JVM with {@code Cluster.fork()}. */
    public static void main(String[] args) {
        // tag::main[]
        if (Cluster.isPrimary()) {
            runPrimary(envInt("WORKERS", Runtime.getRuntime().availableProcessors()));
        } else {
            runWorker(envInt("PORT", DEFAULT_PORT));
        }
        // end::main[]
    }

    /** The primary: reports what its workers do, and forks them. It serves nothing itself. */
    static void runPrimary(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("WORKERS must be at least 1, was " + workers);
        }
        logEvents();
        forkWorkers(workers);
        LOG.info("primary {} forked {} workers", ProcessHandle.current().pid(), workers);
    }

    // tag::events[]
    /** Logs the life of every worker, from the cluster's events. */
    static void logEvents() {
        Cluster.onFork(worker -> LOG.info("forked worker {} (pid {})", worker.id(), worker.process().pid()));
        Cluster.onOnline(worker -> LOG.info("worker {} is online", worker.id()));
        Cluster.onListening((worker, address) -> LOG.info("worker {} is listening on {}:{}", worker.id(),
                address.getHostString(), address.getPort()));
        Cluster.onExit((worker, status) -> LOG.warn("worker {} (pid {}) exited with {}{}", worker.id(),
                worker.process().pid(), status, worker.exitedAfterDisconnect() ? "" : ", unexpectedly"));
    }
    // end::events[]

    /** Forks {@code count} workers; each runs this main class again and ends up in {@link #runWorker}. */
    static void forkWorkers(int count) {
        // BEGIN SOLUTION fork count workers: call Cluster.fork() once per worker (each runs this main class again, as a worker)
        // tag::fork[]
        for (int i = 0; i < count; i++) {
            Cluster.fork();
        }
        // end::fork[]
        // END SOLUTION
    }

    /** A worker: serves HTTP on the shared port until the primary goes away. */
    static void runWorker(int port) {
        HttpServer server = serve(port);
        LOG.info("worker {} (pid {}) listening on {}:{}", Cluster.worker().id(), ProcessHandle.current().pid(),
                server.address().getAddress().getHostAddress(), server.port());
    }

    /** Starts this worker's HTTP server on {@code port}, which every worker of the cluster shares. */
    static HttpServer serve(int port) {
        // BEGIN SOLUTION listen on port with an HttpApp routing GET / to the text hello from worker <id> (pid <pid>), GET /whoami to JSON new WhoAmI(id, pid) and GET /work to work(); the id is Cluster.worker().id()
        // tag::serve[]
        int id = Cluster.worker().id();
        long pid = ProcessHandle.current().pid();
        return HttpApp.create()
                .get("/", request -> Response.text("hello from worker " + id + " (pid " + pid + ")\n"))
                .get("/whoami", request -> Response.json(new WhoAmI(id, pid)))
                .get("/work", ClusterServer::work)
                .listen(port);
        // end::serve[]
        // END SOLUTION
    }

    // tag::work[]
    /** {@code GET /work?n=}: counts the primes below {@code n} on this worker's event loop. */
    static Response work(Request request) {
        int n = request.queryInt("n", Primes.DEFAULT_N);
        if (n < 0 || n > Primes.MAX_N) {
            return Response.error(400, "n must be between 0 and " + Primes.MAX_N + ", was " + n);
        }
        long start = System.nanoTime();
        int primes = Primes.countBelow(n);
        long millis = (System.nanoTime() - start) / 1_000_000;
        return Response.json(new WorkResult(Cluster.worker().id(), ProcessHandle.current().pid(), n, primes, millis));
    }
    // end::work[]

    /** An int from the environment, or {@code fallback} when it is not set. */
    static int envInt(String name, int fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
        }
    }
}
