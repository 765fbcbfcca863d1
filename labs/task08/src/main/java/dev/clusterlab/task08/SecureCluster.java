package dev.clusterlab.task08;

import dev.clusterlab.cluster.Cluster;
import java.time.Duration;

/**
 * Task 8: security. The primary holds a database password that its workers need. It reaches them
 * only over IPC, sealed with AES-256-GCM (the JDK's {@code javax.crypto}) under a key per worker:
 * never in their command line or environment, never in clear on the socket, never in a log line.
 * Every frame carries a counter nonce and a sequence number, so a replayed or altered frame is
 * rejected and logged, and each worker's key is rotated on a timer without a restart.
 *
 * <p>Environment: {@code PORT} (8080), {@code WORKERS} (one per core), {@code DB_PASSWORD_FILE} (a
 * file with the password; without it the primary makes a random one), {@code ROTATE_MILLIS} (60000;
 * 0 turns rotation off), and for the graded checks {@value Tap#ENV} (a directory: every frame sent
 * is also written there) and {@value WorkerRole#HOOKS_ENV}{@code =1} (a test hook that feeds raw
 * frames to a worker). Run it with {@code ./mvnw -pl solutions/task08 compile exec:exec}, then
 * {@code curl 127.0.0.1:8080/secret}.
 */
public final class SecureCluster {
    /** The port when {@code PORT} is not set. */
    static final int DEFAULT_PORT = 8080;
    /** How often keys rotate when {@code ROTATE_MILLIS} is not set. */
    static final int DEFAULT_ROTATE_MILLIS = 60_000;

    private SecureCluster() {
    }

    /** Runs the primary, or a worker when the primary started this JVM with {@code Cluster.fork()}. */
    public static void main(String[] args) {
        if (Cluster.isPrimary()) {
            try {
                PrimaryRole.run(envInt("WORKERS", Runtime.getRuntime().availableProcessors()),
                        Duration.ofMillis(envInt("ROTATE_MILLIS", DEFAULT_ROTATE_MILLIS)));
            } catch (IllegalStateException | IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                System.exit(2);
            }
        } else {
            WorkerRole.run(envInt("PORT", DEFAULT_PORT), "1".equals(System.getenv(WorkerRole.HOOKS_ENV)));
        }
    }

    /** An int from the environment, or {@code fallback} when it is not set. */
    static int envInt(String name, int fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
        }
    }
}
