package dev.clusterlab.task10;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.Worker;
import dev.clusterlab.config.Env;
import dev.clusterlab.http.Execution;
import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.HttpServer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task 10: two real-world uses of a cluster in one app.
 *
 * <ul>
 *   <li>A high-traffic API: every worker serves the {@link Catalog} on {@code PORT} behind its own
 *       {@link AdmissionControl}, so past capacity excess requests get a fast 503.</li>
 *   <li>CPU-bound jobs: the primary serves {@code POST /jobs} on {@code JOBS_PORT} (default {@code
 *       PORT + 1}) and spreads the jobs (PBKDF2 password hashing) over the workers with its
 *       {@link JobPool}, on the cluster's IPC.</li>
 * </ul>
 *
 * <p>{@code JOB_MODE=stream} shares one job queue among several instances (processes standing in
 * for machines): a Redis Stream at {@code REDIS_URL}. Each primary puts the jobs it is sent into
 * the stream ({@link StreamQueue}), each worker of each instance consumes from it
 * ({@link StreamConsumer}), and a job whose instance dies is taken over by another; see
 * {@link StreamSettings} for its settings.
 *
 * <p>{@code JOB_MODE=threads} or {@code loop} runs the same API in one process, with the jobs on a
 * thread pool or on the event loop: the baselines the chapter compares with. Settings (environment):
 * {@code WORKERS} (cores), {@code ADMISSION_LIMIT} (16), {@code ADMISSION_QUEUE} (32), {@code
 * ADMISSION_QUEUE_MS} (20), {@code ADMISSION=fixed|aimd}, {@code BACKEND_MS} (0), {@code JOB_QUEUE}
 * (64), {@code JOB_TIMEOUT_MS} (30000).
 */
public final class UseCaseServer {
    private static final Logger LOG = LoggerFactory.getLogger(UseCaseServer.class);
    /** The items of the catalog, ids 1..CATALOG_SIZE. */
    static final int CATALOG_SIZE = 10_000;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private UseCaseServer() {
    }

    /** Runs the primary, a worker, or (with {@code JOB_MODE=threads|loop}) one process serving both. */
    public static void main(String[] args) {
        int port = Env.integer("PORT", 8080, 0);
        int jobsPort = Env.integer("JOBS_PORT", port + 1, 0);
        String mode = Env.text("JOB_MODE", "pool");
        switch (mode) {
            case "pool" -> {
                if (Cluster.isPrimary()) {
                    runPrimary(Env.integer("WORKERS", CORES, 1), jobsPort);
                } else {
                    runWorker(port, false);
                }
            }
            case "stream" -> {
                if (Cluster.isPrimary()) {
                    runStreamPrimary(Env.integer("WORKERS", CORES, 1), jobsPort);
                } else {
                    runWorker(port, true);
                }
            }
            case "threads" -> runSingleProcess(port, jobsPort, Execution.VIRTUAL_THREADS,
                    InProcessRunner.threads(CORES, Env.integer("JOB_QUEUE", 64, 0)));
            case "loop" -> runSingleProcess(port, jobsPort, Execution.EVENT_LOOP, InProcessRunner.callingThread());
            default -> throw new IllegalArgumentException("JOB_MODE must be pool, stream, threads or loop, was '" + mode + "'");
        }
    }

    // tag::primary[]
    /** The primary: forks the workers, keeps their number, and serves the jobs with its pool. */
    static void runPrimary(int workers, int jobsPort) {
        JobPool pool = new JobPool(1, Env.integer("JOB_QUEUE", 64, 0),
                Duration.ofMillis(Env.integer("JOB_TIMEOUT_MS", 30_000, 1)));
        Cluster.onOnline(pool::addWorker);
        Cluster.onMessage(pool::onMessage);
        superviseWorkers(workers, Map.of(), pool::onWorkerExit);
        HttpServer jobs = JobRoutes.add(HttpApp.create().execution(Execution.VIRTUAL_THREADS), pool).listen(jobsPort);
        LOG.info("primary {} serves jobs on 127.0.0.1:{} with {} workers", ProcessHandle.current().pid(), jobs.port(), workers);
    }
    // end::primary[]

    // tag::stream-primary[]
    /**
     * The primary of one instance sharing the queue: forks the workers (each a consumer of the
     * stream) and puts the jobs it is sent into the stream.
     */
    static void runStreamPrimary(int workers, int jobsPort) {
        StreamSettings settings = StreamSettings.fromEnv(ProcessHandle.current().pid());
        StreamQueue queue = StreamQueue.connect(settings, Env.integer("JOB_QUEUE", 64, 1),
                Duration.ofMillis(Env.integer("JOB_TIMEOUT_MS", 30_000, 1)));
        // One instance name for its consumers; a dead worker's unacknowledged entry is reclaimed by some consumer.
        superviseWorkers(workers, Map.of("INSTANCE", settings.instance()), worker -> { });
        HttpServer jobs = JobRoutes.add(HttpApp.create().execution(Execution.VIRTUAL_THREADS), queue).listen(jobsPort);
        LOG.info("primary {} of instance {} serves jobs on 127.0.0.1:{} through stream {} at {}, with {} workers",
                ProcessHandle.current().pid(), settings.instance(), jobs.port(), settings.stream(), settings.url(), workers);
    }
    // end::stream-primary[]

    /**
     * Forks {@code workers} workers with {@code env}, logs each one's listening, and forks another
     * whenever one exits, once {@code exited} has been told.
     */
    private static void superviseWorkers(int workers, Map<String, String> env, Consumer<Worker> exited) {
        Cluster.onListening((worker, address) -> LOG.info("worker {} is listening on {}:{}", worker.id(),
                address.getHostString(), address.getPort()));
        Cluster.onExit((worker, status) -> {
            LOG.warn("worker {} (pid {}) exited with {}; forking another", worker.id(), worker.process().pid(), status);
            exited.accept(worker);
            Cluster.fork(env);
        });
        for (int i = 0; i < workers; i++) {
            Cluster.fork(env);
        }
    }

    /** A worker: the catalog on the shared port, and the jobs the primary sends (or, with {@code stream}, the stream's). */
    static void runWorker(int port, boolean stream) {
        int id = Cluster.worker().id();
        AdmissionControl admission = admission(true);
        HttpApp app = CatalogRoutes.add(HttpApp.create().execution(Execution.VIRTUAL_THREADS), new Catalog(CATALOG_SIZE),
                admission, id, Env.integer("BACKEND_MS", 0, 0));
        HttpServer server = app.listen(port);
        if (stream) {
            StreamConsumer.start(StreamSettings.fromEnv(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L)), id);
        } else {
            JobWorker.start();
        }
        LOG.info("worker {} (pid {}) serves the catalog on {} with admission {}, queue timeout {} ms", id,
                ProcessHandle.current().pid(), server.port(), admission.snapshot().limit(), admission.queueTimeoutMillis());
    }

    /** One process, no workers: the catalog on {@code port} and the jobs on {@code jobsPort}. */
    static void runSingleProcess(int port, int jobsPort, Execution execution, JobRunner runner) {
        boolean queue = execution == Execution.VIRTUAL_THREADS; // waiting would block an event loop
        HttpServer catalog = CatalogRoutes.add(HttpApp.create().execution(execution), new Catalog(CATALOG_SIZE),
                admission(queue), 0, Env.integer("BACKEND_MS", 0, 0)).listen(port);
        HttpServer jobs = JobRoutes.add(HttpApp.create().execution(execution), runner).listen(jobsPort);
        LOG.info("one process {} serves the catalog on {} and jobs on {} ({})", ProcessHandle.current().pid(),
                catalog.port(), jobs.port(), execution);
    }

    // tag::admission[]
    /** The admission control from the environment: a fixed limit, or an adaptive one ({@code ADMISSION=aimd}). */
    static AdmissionControl admission(boolean queue) {
        int limit = Env.integer("ADMISSION_LIMIT", 16, 1);
        ConcurrencyLimit concurrency = switch (Env.text("ADMISSION", "fixed")) {
            case "fixed" -> ConcurrencyLimit.fixed(limit);
            case "aimd" -> new AimdLimit(limit, 1, limit * 8, 0.9,
                    Duration.ofMillis(Env.integer("AIMD_TOLERANCE_MS", 50, 1)));
            default -> throw new IllegalArgumentException("ADMISSION must be fixed or aimd, was '" + System.getenv("ADMISSION") + "'");
        };
        return new AdmissionControl(concurrency, queue ? Env.integer("ADMISSION_QUEUE", 32, 0) : 0,
                Duration.ofMillis(Env.integer("ADMISSION_QUEUE_MS", 20, 0)));
    }
    // end::admission[]
}
