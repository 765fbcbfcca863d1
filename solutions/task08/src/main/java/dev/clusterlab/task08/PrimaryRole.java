package dev.clusterlab.task08;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.Worker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary: holds the database password, forks the workers, opens a {@link SecureChannel} to
 * each as it comes online and hands it the password there, answers pings, and rotates every
 * worker's key on a timer. It serves no HTTP.
 */
final class PrimaryRole {
    private static final Logger LOG = LoggerFactory.getLogger(PrimaryRole.class);

    private final byte[] password;
    private final Tap tap = Tap.fromEnvironment("primary");
    private final Map<Integer, SecureChannel> channels = new ConcurrentHashMap<>();

    private PrimaryRole(byte[] password) {
        this.password = password;
    }

    /**
     * Starts the primary.
     *
     * @param workers     how many workers to fork
     * @param rotateEvery how often each worker's key is replaced; zero: never
     */
    static void run(int workers, Duration rotateEvery) {
        if (workers < 1) {
            throw new IllegalArgumentException("WORKERS must be at least 1, was " + workers);
        }
        PrimaryRole primary = new PrimaryRole(PasswordSource.load(System.getenv()));
        Cluster.onOnline(primary::connect);
        Cluster.onMessage(primary::received);
        Cluster.onExit((worker, status) -> {
            primary.channels.remove(worker.id());
            LOG.warn("worker {} (pid {}) exited with {}", worker.id(), worker.process().pid(), status);
        });
        forkWorkers(workers);
        LOG.info("primary {} forked {} workers; key rotation {}", ProcessHandle.current().pid(), workers,
                rotateEvery.isZero() ? "off" : "every " + rotateEvery.toMillis() + " ms");
        if (!rotateEvery.isZero()) {
            primary.rotateEvery(rotateEvery);
        }
    }

    /** Forks {@code count} workers. */
    static void forkWorkers(int count) {
        // BEGIN SOLUTION fork count workers with Cluster.fork() and no secret in their environment (every worker inherits env, and /proc/<pid>/environ shows it): the password goes to each one sealed, over IPC
        // tag::fork[]
        for (int i = 0; i < count; i++) {
            Cluster.fork(); // no password in env or argv: it travels sealed, once the worker is online
        }
        // end::fork[]
        // END SOLUTION
    }

    /** A worker proved the cluster secret: open its channel and hand it the password. */
    private void connect(Worker worker) {
        SecureChannel channel = SecureChannel.inPrimary(worker.id(),
                Cluster.deriveKey(SecureChannel.keyPurpose(worker.id())), frame -> sendTo(worker, frame), tap);
        channels.put(worker.id(), channel);
        deliverPassword(channel);
        LOG.info("worker {} is online; sent it the database password, sealed", worker.id());
    }

    /** Hands the worker at the other end of {@code channel} the database password. */
    void deliverPassword(SecureChannel channel) {
        // BEGIN SOLUTION send a Message.DbPassword with the password on the worker's SecureChannel, which seals it
        // tag::deliver[]
        channel.send(new Message.DbPassword(password));
        // end::deliver[]
        // END SOLUTION
    }

    private static void sendTo(Worker worker, JsonNode frame) {
        worker.send(frame).exceptionally(e -> {
            LOG.warn("could not send a frame to worker {}: {}", worker.id(), e.getMessage());
            return null;
        });
    }

    // tag::received[]
    /** A frame from a worker: only what opens under that worker's key is acted on. */
    private void received(Worker worker, JsonNode frame) {
        SecureChannel channel = channels.get(worker.id());
        if (channel == null) {
            return; // the worker has exited; what it sent last no longer matters
        }
        try {
            switch (channel.receive(frame, "ipc")) {
                case Message.Ping ping -> channel.send(new Message.Pong(ping.id()));
                case Message.KeyRotated rotated -> {
                    if (channel.onKeyRotated(rotated)) {
                        LOG.info("worker {} now uses key epoch {}", worker.id(), rotated.epoch());
                    }
                }
                case Message other -> LOG.warn("worker {} sent a {}, which only the primary sends", worker.id(),
                        other.getClass().getSimpleName());
            }
        } catch (RejectedFrameException rejected) {
            // Logged by the channel as a security event; the frame is dropped, the worker keeps its channel.
        }
    }
    // end::received[]

    private void rotateEvery(Duration period) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("key-rotation").factory());
        timer.scheduleWithFixedDelay(() -> {
            try {
                channels.values().forEach(SecureChannel::rotate);
            } catch (RuntimeException e) {
                LOG.error("key rotation failed", e); // and the timer goes on: a thrown task would stop it
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }
}
