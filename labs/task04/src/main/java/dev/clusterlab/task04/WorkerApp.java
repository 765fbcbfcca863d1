package dev.clusterlab.task04;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.CurrentWorker;
import dev.clusterlab.cluster.SchedulingPolicy;
import dev.clusterlab.http.Execution;
import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.HttpServer;
import dev.clusterlab.http.Request;
import dev.clusterlab.http.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A worker: serves HTTP on the port the whole cluster shares, and proves to the primary, by a
 * heartbeat from its {@link WorkerLoop}, that it still gets work done.
 *
 * <ul>
 *   <li>{@code GET /whoami}: {@code {"workerId":2,"pid":4242}}; each answer is counted;</li>
 *   <li>{@code GET /stats}: {@code {"workerId":2,"pid":4242,"policy":"ROUND_ROBIN","served":17}},
 *       the {@code /whoami} answers this worker gave, to check a measurement against;</li>
 *   <li>{@code GET /slow?ms=}: answers after {@code ms} milliseconds without holding the loop, a
 *       request that keeps its connection open;</li>
 *   <li>{@code GET /hang}: blocks the loop for good, as a bug would: the worker stays alive but
 *       answers nothing and sends no heartbeat; it never answers.</li>
 * </ul>
 */
final class WorkerApp {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerApp.class);
    /** The longest {@code /slow} answer. */
    static final int MAX_SLOW_MS = 60_000;

    private final CurrentWorker worker = Cluster.worker();
    private final long pid = ProcessHandle.current().pid();
    private final WorkerLoop loop = new WorkerLoop();
    /** {@code /whoami} answers so far; read and written on the loop only. */
    private long served;
    /** Heartbeats sent so far; on the loop only. */
    private long beats;

    /** The answer of {@code GET /whoami}. */
    public record WhoAmI(int workerId, long pid) {
    }

    /**
     * The answer of {@code GET /stats}: who answers, the cluster's scheduling policy (from
     * {@code CLUSTERLAB_SCHED_POLICY}, which the primary read too and its workers inherit), and the
     * {@code /whoami} answers this worker gave.
     */
    public record Stats(int workerId, long pid, SchedulingPolicy policy, long served) {
    }

    /** The answer of {@code GET /slow}. */
    public record Slow(int workerId, long pid, int ms) {
    }

    private WorkerApp() {
    }

    /** Starts the heartbeats, then serves {@code port}. */
    static void run(int port, Duration heartbeatEvery) {
        WorkerApp app = new WorkerApp();
        app.startHeartbeats(heartbeatEvery);
        HttpServer server = app.serve(port);
        LOG.info("worker {} (pid {}) listening on {}:{}, a heartbeat every {} ms", app.worker.id(), app.pid,
                server.address().getAddress().getHostAddress(), server.port(), heartbeatEvery.toMillis());
    }

    /**
     * Sends a {@link Heartbeat} to the primary every {@code period}. It must be sent from the loop
     * that does the work: a timer thread of its own would go on beating while the loop is stuck, and
     * the primary would never learn that this worker hung.
     */
    void startHeartbeats(Duration period) {
        // TODO(task04): send a Heartbeat to the primary every period, from the worker's loop (loop.every)
    }

    // tag::routes[]
    private HttpServer serve(int port) {
        return HttpApp.create()
                // Handlers wait for the loop (or for a timer on it) on a virtual thread of their own.
                .execution(Execution.VIRTUAL_THREADS)
                .get("/whoami", request -> loop.call(() -> {
                    served++;
                    return Response.json(new WhoAmI(worker.id(), pid));
                }))
                .get("/stats", request -> loop.call(() -> Response.json(
                        new Stats(worker.id(), pid, SchedulingPolicy.fromEnvironment(), served))))
                .get("/slow", this::slow)
                .get("/hang", request -> loop.call(WorkerApp::hang))
                .listen(port);
    }
    // end::routes[]

    /** {@code GET /slow?ms=}: a timer on the loop; the loop serves other requests meanwhile. */
    private Response slow(Request request) throws Exception {
        int ms = request.queryInt("ms", 1000);
        if (ms < 0 || ms > MAX_SLOW_MS) {
            return Response.error(400, "ms must be between 0 and " + MAX_SLOW_MS + ", was " + ms);
        }
        return loop.callAfter(Duration.ofMillis(ms), () -> Response.json(new Slow(worker.id(), pid, ms)));
    }

    /** Blocks the calling thread, the loop, for good: the worker is alive and does nothing. */
    private static Response hang() throws InterruptedException {
        LOG.warn("GET /hang: blocking the worker loop for good");
        new CountDownLatch(1).await();
        throw new AssertionError("unreachable: nothing counts the latch down");
    }
}
