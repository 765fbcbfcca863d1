package dev.clusterlab.task06;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.config.Env;
import dev.clusterlab.http.Execution;
import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.HttpServer;
import dev.clusterlab.http.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task 6: an app made right for a cluster, then fast. Every worker serves, on {@code PORT}, with
 * every handler on the event loop as in Node:
 * <ul>
 *   <li>state shared by all workers ({@link StateRoutes}: sessions, a rate limit, a counter);</li>
 *   <li>slow work handed away so that the loop stays free ({@link WorkRoutes}, {@link Offload}),
 *       with the loop's lag measured ({@link LoopLag});</li>
 *   <li>{@code GET /report}, an access-log summary ({@link AccessLogReport}).</li>
 * </ul>
 * The primary serves the monitor's rows and worker profiles on {@code ADMIN_PORT} ({@link
 * AdminRoutes}; watch with {@link Monit}).
 *
 * <p>Settings (environment): {@code WORKERS} (cores), {@code PORT} (8080), {@code ADMIN_PORT}
 * ({@code PORT + 1}), {@code REDIS_URL} (redis://127.0.0.1:6379), {@code REDIS_TIMEOUT_MS} (500),
 * {@code RATE_LIMIT} (10 requests) per {@code RATE_WINDOW_MS} (1000), {@code SESSION_TTL_S} (1800),
 * {@code CPU_THREADS} (cores), {@code CPU_QUEUE} (16), {@code BLOCKING_LIMIT} (256), {@code
 * PROFILE_DIR} (profiles), {@code AOT_CACHE} (a JDK AOT cache file for the workers; none by default).
 */
public final class PerfServer {
    private static final Logger LOG = LoggerFactory.getLogger(PerfServer.class);
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private PerfServer() {
    }

    /** Runs the primary or a worker. */
    public static void main(String[] args) {
        int port = Env.integer("PORT", 8080, 0);
        if (Cluster.isPrimary()) {
            runPrimary(Env.integer("WORKERS", CORES, 1), Env.integer("ADMIN_PORT", port == 0 ? 0 : port + 1, 0));
        } else {
            runWorker(port);
        }
    }

    // tag::primary[]
    static void runPrimary(int workers, int adminPort) {
        PerfBoard board = new PerfBoard();
        ProfileRequests profiles = new ProfileRequests();
        Map<Integer, Long> forkedAt = new ConcurrentHashMap<>();
        Set<Integer> listened = ConcurrentHashMap.newKeySet();
        Cluster.onFork(worker -> forkedAt.put(worker.id(), System.nanoTime()));
        Cluster.onListening((worker, address) -> {
            listened.add(worker.id());
            LOG.info("worker {} is listening on {}:{} {} ms after its fork", worker.id(), address.getHostString(),
                    address.getPort(), (System.nanoTime() - forkedAt.getOrDefault(worker.id(), System.nanoTime())) / 1_000_000);
        });
        Cluster.onMessage((worker, message) -> {
            if (!board.onMessage(worker, message)) {
                profiles.onMessage(message);
            }
        });
        Cluster.onExit((worker, status) -> {
            board.onExit(worker);
            if (worker.exitedAfterDisconnect()) {
                return;
            }
            if (!listened.contains(worker.id())) { // it would fail again: a crash loop helps no one (task 3 backs off)
                LOG.error("worker {} exited with {} before it listened; not forking another: see its error above",
                        worker.id(), status);
                if (Cluster.workers().isEmpty()) {
                    System.exit(1);
                }
                return;
            }
            LOG.warn("worker {} (pid {}) exited with {}; forking another", worker.id(), worker.process().pid(), status);
            Cluster.fork();
        });
        Cluster.drainOnSignals(Duration.ofSeconds(10));
        startWorkersFast(Env.text("AOT_CACHE", ""));
        for (int i = 0; i < workers; i++) {
            Cluster.fork();
        }
        HttpServer admin = AdminRoutes.add(HttpApp.create(), board, profiles, Path.of(Env.text("PROFILE_DIR", "profiles")))
                .listen(adminPort);
        LOG.info("primary {} forked {} workers; admin on 127.0.0.1:{} (GET /admin/workers, POST /admin/profile?worker=1&seconds=10)",
                ProcessHandle.current().pid(), workers, admin.port());
    }
    // end::primary[]

    // tag::aot[]
    /** With {@code cache} set, the workers start from that JDK AOT cache; the first worker trains it if there is none. */
    static void startWorkersFast(String cache) {
        if (cache.isBlank()) {
            return;
        }
        // TODO(task06): part 4: start the workers from the AOT cache at `cache` (ClusterSettings.Builder.aotCache)
    }
    // end::aot[]

    // tag::worker[]
    static void runWorker(int port) {
        int id = Cluster.worker().id();
        SharedState state = sharedState();
        Offload offload = new Offload(Env.integer("CPU_THREADS", CORES, 1), Env.integer("CPU_QUEUE", 16, 0),
                Env.integer("BLOCKING_LIMIT", 256, 1));
        LoopLag lag = new LoopLag();
        AccessLogReport report = AccessLogReport.sample(AccessLogReport.LOG_LINES);
        StateRoutes.Limits limits = new StateRoutes.Limits(Env.integer("RATE_LIMIT", 10, 1),
                Duration.ofMillis(Env.integer("RATE_WINDOW_MS", 1000, 1)), Duration.ofSeconds(Env.integer("SESSION_TTL_S", 1800, 1)));
        HttpApp app = HttpApp.create().execution(Execution.EVENT_LOOP);
        StateRoutes.add(app, state, limits, id);
        WorkRoutes.add(app, offload, lag, id);
        app.get("/report", request -> offload.cpu(() -> Response.of(200, "application/json",
                report.render(request.queryInt("lines", AccessLogReport.LOG_LINES)).getBytes(StandardCharsets.UTF_8))));
        HttpServer server = app.listen(port);
        lag.start(server.eventLoops());
        PerfReporter.start(lag);
        Cluster.worker().onMessage(message -> ProfileRequests.answer(id, message, Cluster.worker()::send));
        LOG.info("worker {} (pid {}) serves on {} with {} state", id, ProcessHandle.current().pid(), server.port(),
                state.getClass().getSimpleName());
    }
    // end::worker[]

    // tag::state[]
    /** The state every worker shares. */
    static SharedState sharedState() {
        // TODO(task06): this state lives in each worker; connect to Redis instead (RedisState.connect)
        return new InProcessState();
    }
    // end::state[]
}
