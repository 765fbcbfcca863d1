package dev.clusterlab.task03;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.CurrentWorker;
import dev.clusterlab.config.Env;
import dev.clusterlab.http.Execution;
import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.HttpServer;
import dev.clusterlab.http.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** A worker: serves HTTP on the port the whole cluster shares. */
final class WorkerApp {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerApp.class);

    private WorkerApp() {
    }

    /** The answer of {@code GET /whoami}. */
    public record WhoAmI(int workerId, long pid) {
    }

    /** The answer of {@code POST /disconnect}: who is leaving. */
    public record Leaving(int workerId, long pid) {
    }

    /**
     * Starts serving; with {@code CRASH_ON_START} set, fails instead, as a worker with a broken
     * configuration would (an uncaught exception ends a worker with code 1, as in Node).
     */
    static void run(int port) {
        CurrentWorker worker = Cluster.worker();
        long pid = ProcessHandle.current().pid();
        if (Env.flag("CRASH_ON_START")) {
            throw new IllegalStateException("CRASH_ON_START is set: worker " + worker.id() + " (pid " + pid
                    + ") fails on start");
        }
        StatsClient stats = new StatsClient(worker);
        // tag::routes[]
        HttpServer server = HttpApp.create()
                // GET /stats waits for the primary's reply: let it block a virtual thread, not the event loop.
                .execution(Execution.VIRTUAL_THREADS)
                .get("/whoami", request -> Response.json(new WhoAmI(worker.id(), pid)))
                .get("/stats", request -> stats(stats))
                .post("/disconnect", request -> {
                    // Closes the server gracefully: this request is in flight, so its answer still goes out.
                    worker.disconnect();
                    return Response.json(new Leaving(worker.id(), pid));
                })
                .listen(port);
        // end::routes[]
        LOG.info("worker {} (pid {}) listening on {}:{}", worker.id(), pid,
                server.address().getAddress().getHostAddress(), server.port());
    }

    /** {@code GET /stats}: the primary's registry, asked for over IPC. */
    private static Response stats(StatsClient stats) throws ExecutionException, InterruptedException {
        try {
            return Response.json(stats.ask());
        } catch (TimeoutException e) {
            return Response.error(504, "the primary did not answer within " + StatsClient.TIMEOUT.toMillis() + " ms");
        }
    }
}
