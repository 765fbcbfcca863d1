package dev.clusterlab.task06;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.Worker;
import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The primary's admin API on its own port, for the monitor and the profiler: {@code GET
 * /admin/workers} (one row per worker, what {@link Monit} draws) and {@code POST
 * /admin/profile?worker=&seconds=} (a flame graph of that worker).
 */
final class AdminRoutes {
    static final int MAX_PROFILE_SECONDS = 120;

    private AdminRoutes() {
    }

    static HttpApp add(HttpApp app, PerfBoard board, ProfileRequests profiles, Path profileDir) {
        return app
                .get("/admin/workers", request -> Response.json(board.rows()))
                .post("/admin/profile", request -> {
                    int id = request.queryInt("worker", -1);
                    int seconds = request.queryInt("seconds", 10);
                    Worker worker = Cluster.workers().get(id);
                    if (worker == null) {
                        return Response.error(404, "no worker " + id + "; the workers are " + Cluster.workers().keySet());
                    }
                    if (seconds < 1 || seconds > MAX_PROFILE_SECONDS) {
                        return Response.error(400, "seconds must be 1.." + MAX_PROFILE_SECONDS + ", was " + seconds);
                    }
                    return Response.later(profiles.ask(worker, Duration.ofSeconds(seconds), profileDir)
                            .thenApply(Response::json)
                            .exceptionally(e -> Response.error(500, "worker " + id + " could not profile itself: "
                                    + (e.getCause() == null ? e : e.getCause()).getMessage())));
                })
                .get("/admin/health", request -> Response.json(Map.of("workers", Cluster.workers().size())));
    }
}
