package dev.clusterlab.task07;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.http.Execution;
import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.HttpServer;
import dev.clusterlab.http.Request;
import dev.clusterlab.http.Response;

/**
 * One worker: serves its release on the cluster's port.
 *
 * <ul>
 *   <li>{@code GET /version}: {@code {"version":"v2","workerId":3,"pid":4242}};</li>
 *   <li>{@code GET /whoami}: {@code {"workerId":3,"pid":4242}};</li>
 *   <li>{@code GET /slow?ms=}: answers after {@code ms} milliseconds (a request that is in flight for a while);</li>
 *   <li>{@code GET /stuck}: never answers (what a shutdown deadline is for).</li>
 * </ul>
 * Handlers run on virtual threads, so a slow or stuck request does not hold the others up.
 */
final class WorkerApp {
    private WorkerApp() {
    }

    /** The answer of {@code GET /version}. */
    record VersionInfo(String version, int workerId, long pid) {
    }

    /** The answer of {@code GET /whoami}. */
    record WhoAmI(int workerId, long pid) {
    }

    /** Reads the release, serves it on {@code settings.port()}, and tells the primary once it is ready. */
    static HttpServer run(Settings settings) {
        // A broken artifact throws here: the worker exits with 1 before it ever listens.
        Release release = Release.read(settings.versionFile());
        int id = Cluster.worker().id();
        long pid = ProcessHandle.current().pid();
        HttpApp app = HttpApp.create()
                .get("/version", request -> Response.json(new VersionInfo(release.version(), id, pid)))
                .get("/whoami", request -> Response.json(new WhoAmI(id, pid)))
                .get("/slow", WorkerApp::slow)
                .get("/stuck", request -> {
                    Thread.sleep(Long.MAX_VALUE);
                    return Response.status(500);
                })
                .execution(Execution.VIRTUAL_THREADS);
        if (Cluster.worker().isStandby()) { // a standby has the time: it serves only once promoted
            Cluster.worker().onWarmUp(() -> warmUp(app));
        }
        HttpServer server = app.listen(settings.port());
        // TODO(task07): tell the primary this worker is ready now that it listens (Cluster.worker().ready()):
        // a rolling reload waits for it before it drains an old worker.
        System.out.println("worker " + id + " (pid " + pid + ") serves version " + release.version()
                + " on port " + server.port());
        return server;
    }

    // tag::warm-up[]
    /** Sends the hot request to this app in-process until the JIT has compiled its path (no socket). */
    static void warmUp(HttpApp app) {
        try {
            for (int i = 0; i < WARM_UP_REQUESTS; i++) {
                app.handle("GET", "/version");
            }
        } catch (Exception e) {
            throw new IllegalStateException("warming up /version failed", e);
        }
    }
    // end::warm-up[]

    /** How many in-process requests a standby's warm-up sends: past HotSpot's C2 threshold (10,000 calls). */
    static final int WARM_UP_REQUESTS = 20_000;

    /** {@code GET /slow?ms=}: answers after {@code ms} milliseconds (at most a minute). */
    private static Response slow(Request request) throws InterruptedException {
        int ms = request.queryInt("ms", 1000);
        if (ms < 0 || ms > 60_000) {
            return Response.error(400, "ms must be between 0 and 60000, was " + ms);
        }
        Thread.sleep(ms);
        return Response.text("slept " + ms + " ms in worker " + Cluster.worker().id() + "\n");
    }
}
