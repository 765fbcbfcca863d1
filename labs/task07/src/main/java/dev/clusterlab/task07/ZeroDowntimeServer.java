package dev.clusterlab.task07;

import dev.clusterlab.cluster.Cluster;
import java.time.Duration;

/**
 * Task 7: zero downtime. A cluster whose workers can be replaced, and which can be stopped,
 * without a client seeing an error.
 *
 * <ul>
 *   <li>The primary forks {@code WORKERS} workers, each serving {@link WorkerApp} on {@code PORT},
 *       and serves its control port {@link AdminServer} on {@code ADMIN_PORT}.</li>
 *   <li>{@code POST /admin/reload} replaces the workers one {@code BATCH} at a time
 *       ({@link RollingReload}): new workers read the release artifact {@code VERSION_FILE} again, so
 *       a reload is how a new version goes live.</li>
 *   <li>SIGTERM (or SIGINT) drains the cluster: requests in flight finish, those still running after
 *       {@code DRAIN_DEADLINE_MS} are cut, and the primary exits 0.</li>
 * </ul>
 * {@link BlueGreenSwitch} moves nginx from one instance of it (blue) to another (green).
 *
 * <p>Run it with {@code echo v1 > /tmp/VERSION; VERSION_FILE=/tmp/VERSION ./mvnw -pl solutions/task07
 * compile exec:exec}, then {@code curl 127.0.0.1:8080/version}; {@code echo v2 > /tmp/VERSION; curl -X POST
 * 127.0.0.1:9080/admin/reload}.
 */
public final class ZeroDowntimeServer {
    private ZeroDowntimeServer() {
    }

    /** Runs the primary, or a worker when the primary started this JVM with {@code Cluster.fork()}. */
    public static void main(String[] args) {
        Settings settings = Settings.fromEnv();
        if (Cluster.isWorker()) {
            WorkerApp.run(settings);
            return;
        }
        drainOnShutdown(settings.drainDeadline());
        Cluster.onExit((worker, status) -> System.out.println("worker " + worker.id() + " (pid "
                + worker.process().pid() + ") exited with " + status));
        for (int i = 0; i < settings.workers(); i++) {
            Cluster.fork();
        }
        AdminServer.start(settings);
        System.out.println("primary " + ProcessHandle.current().pid() + ": " + settings.workers()
                + " workers on port " + settings.port() + ", admin on 127.0.0.1:" + settings.adminPort());
    }

    /**
     * Makes SIGTERM and SIGINT stop the cluster gracefully: no new connections, requests in flight
     * finish, whatever still runs at {@code deadline} is cut, then the primary exits 0. Without it a
     * signal ends the primary at once, and its workers, requests and all, follow it.
     */
    static void drainOnShutdown(Duration deadline) {
        // TODO(task07): on SIGTERM/SIGINT drain the cluster within deadline, then exit 0 (the runtime does it:
        // Cluster.drainOnSignals). Until then a signal ends the primary at once, and its workers with it.
    }
}
