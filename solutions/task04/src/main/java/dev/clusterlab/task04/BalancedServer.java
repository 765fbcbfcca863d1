package dev.clusterlab.task04;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.ClusterSettings;
import dev.clusterlab.cluster.Scheduler;
import dev.clusterlab.cluster.SchedulingPolicy;
import dev.clusterlab.config.Env;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Task 4: load balancing, monitoring and restarting. The primary forks {@code WORKERS} workers
 * (2 by default) that share {@code PORT} under the scheduling policy named by
 * {@code CLUSTERLAB_SCHED_POLICY} (round-robin by default), picks the round-robin scheduler named by
 * {@code SCHEDULER} ({@code round-robin}, the default, or {@code least-connections}), and replaces
 * any worker whose heartbeats stop for {@code HUNG_AFTER_MS} (2000; each worker beats every
 * {@code HEARTBEAT_MS}, 200). What each worker serves: {@link WorkerApp}.
 *
 * <p>Run it with {@code ./workbook demo 4}, or {@code ./mvnw -pl solutions/task04 compile exec:exec}
 * (or {@code labs/task04}), then {@code curl 127.0.0.1:8080/whoami} a few times.
 */
public final class BalancedServer {
    private static final Logger LOG = LoggerFactory.getLogger(BalancedServer.class);
    /** The port when {@code PORT} is not set. */
    static final int DEFAULT_PORT = 8080;

    private BalancedServer() {
    }

    /** Runs the primary, or a worker when the primary started this JVM with {@code Cluster.fork()}. */
    public static void main(String[] args) {
        Duration heartbeatEvery = Env.millis("HEARTBEAT_MS", 200);
        if (Cluster.isPrimary()) {
            runPrimary(Env.integer("WORKERS", 2), Env.text("SCHEDULER", "round-robin"), heartbeatEvery,
                    Env.millis("HUNG_AFTER_MS", 2000));
        } else {
            WorkerApp.run(Env.integer("PORT", DEFAULT_PORT), heartbeatEvery);
        }
    }

    /** The primary: sets the scheduler, watches the heartbeats, forks the workers; it serves nothing itself. */
    static void runPrimary(int workers, String schedulerName, Duration heartbeatEvery, Duration hungAfter) {
        if (workers < 1) {
            throw new IllegalArgumentException("WORKERS must be at least 1, was " + workers);
        }
        // tag::setup[]
        ClusterSettings settings = ClusterSettings.builder().scheduler(scheduler(schedulerName)).build();
        Cluster.setupPrimary(settings);
        // end::setup[]
        if (settings.schedulingPolicy() != SchedulingPolicy.ROUND_ROBIN && !schedulerName.equalsIgnoreCase("round-robin")) {
            LOG.warn("SCHEDULER={} applies to ROUND_ROBIN only; under {} the kernel picks the worker", schedulerName,
                    settings.schedulingPolicy());
        }
        logEvents();
        // tag::monitor[]
        HeartbeatMonitor.start(heartbeatEvery, hungAfter);
        // end::monitor[]
        for (int i = 0; i < workers; i++) {
            Cluster.fork();
        }
        LOG.info("primary {} forked {} workers (policy {}, scheduler {}, a worker silent for {} ms is replaced)",
                ProcessHandle.current().pid(), workers, settings.schedulingPolicy(), schedulerName,
                hungAfter.toMillis());
    }

    /** The scheduler named by {@code SCHEDULER}. */
    static Supplier<? extends Scheduler> scheduler(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "round-robin" -> Scheduler::roundRobin;
            case "least-connections" -> LeastConnections::new;
            default -> throw new IllegalArgumentException("SCHEDULER must be round-robin or least-connections, was "
                    + name);
        };
    }

    /** Logs the life of every worker, from the cluster's events. */
    private static void logEvents() {
        Cluster.onFork(worker -> LOG.info("forked worker {} (pid {})", worker.id(), worker.process().pid()));
        Cluster.onListening((worker, address) -> LOG.info("worker {} is listening on {}:{}", worker.id(),
                address.getHostString(), address.getPort()));
        Cluster.onExit((worker, status) -> LOG.warn("worker {} (pid {}) exited with {}{}", worker.id(),
                worker.process().pid(), status, worker.exitedAfterDisconnect() ? "" : ", unexpectedly"));
    }
}
