package dev.clusterlab.task03;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.config.Env;

/**
 * Task 3: a cluster that looks after itself. The primary runs a {@link Supervisor}: it forks the
 * workers, keeps a registry of them, answers their messages, restarts a worker that dies (after an
 * exponential backoff), leaves alone a worker that left on purpose, and gives up, exiting non-zero,
 * when workers crash faster than its restart intensity allows. Each worker ({@link WorkerApp}) serves
 * HTTP on the shared port:
 *
 * <ul>
 *   <li>{@code GET /whoami}: {@code {"workerId":2,"pid":4242}};</li>
 *   <li>{@code GET /stats}: the primary's registry, which the worker asks for over IPC;</li>
 *   <li>{@code POST /disconnect}: the worker leaves on purpose ({@code Cluster.worker().disconnect()}).</li>
 * </ul>
 *
 * <p>Run it with {@code ./mvnw -pl solutions/task03 compile exec:exec} (or {@code labs/task03}).
 * Environment: {@code PORT} (8080), {@code WORKERS} (one per core), the restart policy's
 * {@code BACKOFF_INITIAL_MS}, {@code BACKOFF_MAX_MS}, {@code MAX_RESTARTS} and {@code RESTART_PERIOD_S}
 * ({@link SupervisorSettings}), and {@code CRASH_ON_START=1}, which makes every worker fail on start.
 */
public final class SupervisedServer {
    /** The port when {@code PORT} is not set. */
    static final int DEFAULT_PORT = 8080;

    private SupervisedServer() {
    }

    /** Runs the supervising primary, or a worker when the primary started this JVM with {@code Cluster.fork()}. */
    public static void main(String[] args) {
        // tag::main[]
        if (Cluster.isPrimary()) {
            Supervisor.start(SupervisorSettings.fromEnvironment());
        } else {
            WorkerApp.run(Env.integer("PORT", DEFAULT_PORT));
        }
        // end::main[]
    }
}
