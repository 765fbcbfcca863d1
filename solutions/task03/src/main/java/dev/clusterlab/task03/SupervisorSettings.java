package dev.clusterlab.task03;

import dev.clusterlab.config.Env;
import java.time.Duration;
import java.util.Objects;

/**
 * How the supervisor runs: how many workers, and its restart policy.
 *
 * @param workers        how many workers to keep running ({@code WORKERS}, by default one per core)
 * @param backoffInitial the delay before the first restart of a period ({@code BACKOFF_INITIAL_MS}, 100)
 * @param backoffMax     the longest delay before a restart ({@code BACKOFF_MAX_MS}, 10000)
 * @param maxRestarts    the most restarts allowed within {@code restartPeriod} ({@code MAX_RESTARTS}, 5):
 *                       OTP's intensity
 * @param restartPeriod  the window the restarts are counted in ({@code RESTART_PERIOD_S}, 60): OTP's period
 */
public record SupervisorSettings(int workers, Duration backoffInitial, Duration backoffMax, int maxRestarts,
                                 Duration restartPeriod) {

    /** Validates. */
    public SupervisorSettings {
        Objects.requireNonNull(backoffInitial, "backoffInitial");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(restartPeriod, "restartPeriod");
        if (workers < 1) {
            throw new IllegalArgumentException("WORKERS must be at least 1, was " + workers);
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("MAX_RESTARTS must not be negative, was " + maxRestarts);
        }
    }

    /** The settings from the environment variables named above, with their defaults. */
    public static SupervisorSettings fromEnvironment() {
        return new SupervisorSettings(
                Env.integer("WORKERS", Runtime.getRuntime().availableProcessors()),
                Duration.ofMillis(Env.integer("BACKOFF_INITIAL_MS", 100)),
                Duration.ofMillis(Env.integer("BACKOFF_MAX_MS", 10_000)),
                Env.integer("MAX_RESTARTS", 5),
                Duration.ofSeconds(Env.integer("RESTART_PERIOD_S", 60)));
    }

    /** A fresh policy with these settings (it counts restarts, so one per supervisor). */
    public RestartPolicy newPolicy() {
        return new RestartPolicy(new Backoff(backoffInitial, backoffMax), new RestartIntensity(maxRestarts, restartPeriod));
    }

    @Override
    public String toString() {
        return workers + " workers; restart after " + backoffInitial.toMillis() + " ms, doubling up to "
                + backoffMax.toMillis() + " ms; at most " + maxRestarts + " restarts in " + restartPeriod.toSeconds() + " s";
    }
}
