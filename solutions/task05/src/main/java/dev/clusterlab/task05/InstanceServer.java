package dev.clusterlab.task05;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.Worker;
import dev.clusterlab.config.Env;
import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.Response;
import dev.clusterlab.task05.Readiness.State;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task 5: one cluster instance, standing in for one machine behind nginx. Its primary forks
 * {@code WORKERS} workers that serve on {@code PORT}; nginx balances over several such instances.
 *
 * <ul>
 *   <li>{@code GET /whoami}: {@code {"instance":"b","workerId":1,"pid":4242}};</li>
 *   <li>{@code GET /healthz}: liveness, 200 while the process serves at all;</li>
 *   <li>{@code GET /readyz}: readiness, 200 only when the instance should get traffic, 503 while it
 *       starts (before every worker said it is ready) and while it drains.</li>
 * </ul>
 *
 * <p>The readiness state lives in the primary ({@link Readiness}), which tells every worker when it
 * changes. The primary also serves an admin port, {@code ADMIN_PORT} (by default PORT + 1000), that
 * nginx does not proxy: {@code POST /drain} takes the instance out of rotation, {@code POST /ready}
 * puts it back, {@code GET /state} says where it is. Settings: {@code INSTANCE} (a name, by default
 * {@code instance-PORT}), {@code WARMUP_MS} (how long a worker warms up after it listens before it
 * says it is ready, default 500).
 */
public final class InstanceServer {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceServer.class);
    /** The port when {@code PORT} is not set. */
    static final int DEFAULT_PORT = 8081;
    /** The admin port is this far above the serving port when {@code ADMIN_PORT} is not set. */
    static final int ADMIN_PORT_OFFSET = 1000;

    private InstanceServer() {
    }

    /** The answer of {@code GET /whoami}. */
    public record WhoAmI(String instance, int workerId, long pid) {
    }

    /** What the primary tells its workers: the instance's readiness state. */
    record StateMessage(State state) {
    }

    /** Runs the primary, or a worker when the primary started this JVM with {@code Cluster.fork()}. */
    public static void main(String[] args) {
        int port = Env.integer("PORT", DEFAULT_PORT);
        String instance = Env.text("INSTANCE", "instance-" + port);
        if (Cluster.isPrimary()) {
            runPrimary(instance, Env.integer("WORKERS", 2), Env.integer("ADMIN_PORT", port + ADMIN_PORT_OFFSET));
        } else {
            runWorker(instance, port, Env.integer("WARMUP_MS", 500));
        }
    }

    /** The primary: keeps the readiness state, tells the workers, serves the admin port, forks. */
    static void runPrimary(String instance, int workers, int adminPort) {
        if (workers < 1) {
            throw new IllegalArgumentException("WORKERS must be at least 1, was " + workers);
        }
        Readiness readiness = new Readiness(workers);
        Publisher publisher = new Publisher(instance, readiness.state());
        // tag::primary[]
        Cluster.onReady(worker -> publisher.publish(readiness.workerReady(worker.id())));
        Cluster.onExit((worker, status) -> {
            LOG.warn("instance {}: worker {} exited with {}", instance, worker.id(), status);
            publisher.publish(readiness.workerGone(worker.id()));
        });
        // A worker that listens after a change has not heard it yet.
        Cluster.onListening((worker, address) -> publisher.tell(worker));
        HttpApp.create()
                .post("/drain", request -> Response.text(publisher.publish(readiness.drain()) + "\n"))
                .post("/ready", request -> Response.text(publisher.publish(readiness.resume()) + "\n"))
                .get("/state", request -> Response.text(readiness.state() + "\n"))
                .listen(adminPort);
        // end::primary[]
        for (int i = 0; i < workers; i++) {
            Cluster.fork();
        }
        LOG.info("instance {}: primary {} forked {} workers; admin on 127.0.0.1:{}", instance,
                ProcessHandle.current().pid(), workers, adminPort);
    }

    /** A worker: serves on the shared port, warms up, then says it is ready. */
    static void runWorker(String instance, int port, int warmupMillis) {
        AtomicReference<State> state = new AtomicReference<>(State.STARTING);
        Cluster.worker().onMessage(message -> state.set(State.valueOf(message.path("state").asText())));
        int id = Cluster.worker().id();
        long pid = ProcessHandle.current().pid();
        // tag::worker[]
        HttpApp.create()
                .get("/whoami", request -> Response.json(new WhoAmI(instance, id, pid)))
                .get("/healthz", request -> Response.text("ok\n"))
                .get("/readyz", request -> readyz(state.get()))
                .listen(port);
        // end::worker[]
        try {
            Thread.sleep(warmupMillis); // stands in for filling caches, opening pools, warming the JIT
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Cluster.worker().ready();
    }

    // tag::readyz[]
    /** {@code GET /readyz}: 200 "ready" when the instance is READY, else 503 "starting" or "draining". */
    static Response readyz(State state) {
        // BEGIN SOLUTION answer 200 with the text ready when state is READY, else 503 with the state's name in lower case (starting, draining) as the text
        return state == State.READY
                ? Response.text("ready\n")
                : Response.text(state.name().toLowerCase(Locale.ROOT) + "\n").withStatus(503);
        // END SOLUTION
    }
    // end::readyz[]

    /** Logs each change of the instance's state and sends it to every worker. */
    static final class Publisher {
        private final String instance;
        private State last;

        Publisher(String instance, State initial) {
            this.instance = instance;
            this.last = initial;
            LOG.info("instance {} is {}", instance, initial);
        }

        /** Tells the workers when {@code state} differs from what they heard last; returns it. */
        synchronized State publish(State state) {
            if (state != last) {
                last = state;
                LOG.info("instance {} is {}", instance, state);
                Cluster.workers().values().forEach(this::tell);
            }
            return state;
        }

        /** Sends the current state to one worker. */
        synchronized void tell(Worker worker) {
            if (worker.isConnected()) {
                worker.send(new StateMessage(last));
            }
        }
    }
}
