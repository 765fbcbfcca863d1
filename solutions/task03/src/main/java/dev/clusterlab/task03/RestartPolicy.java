package dev.clusterlab.task03;

import java.time.Duration;
import java.util.Objects;

/**
 * Decides, for each worker that exited, whether the supervisor restarts it, and when. Pure (no
 * processes, no threads, no clock of its own), so the whole policy can be tested in a unit test. It
 * counts restarts, so a supervisor has one for its lifetime.
 */
public final class RestartPolicy {
    private final Backoff backoff;
    private final RestartIntensity intensity;

    /** A policy that waits by {@code backoff} and gives up beyond {@code intensity}. */
    public RestartPolicy(Backoff backoff, RestartIntensity intensity) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.intensity = Objects.requireNonNull(intensity, "intensity");
    }

    /**
     * What to do about a worker that just exited.
     *
     * @param leftOnPurpose the worker's {@code exitedAfterDisconnect()}: it disconnected itself, or the
     *                      primary disconnected or killed it, so it did not die
     * @param now           the time on a monotonic clock (see {@link RestartIntensity})
     * @return {@link RestartDecision.LeaveAlone} for a worker that left on purpose (not counted as a
     *         restart); else {@link RestartDecision.GiveUp} when this restart is more than the
     *         intensity allows within its period; else {@link RestartDecision.Restart} after the
     *         backoff's delay for the number of restarts within the period
     */
    public RestartDecision decide(boolean leftOnPurpose, Duration now) {
        // BEGIN SOLUTION leave alone a worker that left on purpose (do not count it); else count the restart in the intensity window: more than allowed -> GiveUp, else Restart after the backoff delay for that count
        // tag::decide[]
        if (leftOnPurpose) {
            return new RestartDecision.LeaveAlone();
        }
        int restarts = intensity.record(now);
        if (intensity.exceeded(restarts)) {
            return new RestartDecision.GiveUp(restarts, intensity.period());
        }
        return new RestartDecision.Restart(backoff.delay(restarts), restarts);
        // end::decide[]
        // END SOLUTION
    }
}
