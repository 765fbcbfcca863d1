package dev.clusterlab.task03;

import java.time.Duration;

/** What the supervisor does about a worker that exited: {@link RestartPolicy#decide}'s answer. */
public sealed interface RestartDecision {

    /**
     * Fork a replacement after {@code delay}.
     *
     * @param delay   how long to wait first (the backoff)
     * @param restart which restart of the period this is: 1 for the first
     */
    record Restart(Duration delay, int restart) implements RestartDecision {
    }

    /**
     * Leave it be: the worker left on purpose (it disconnected, or the primary disconnected or killed
     * it), as OTP leaves a {@code transient} child that ended normally.
     */
    record LeaveAlone() implements RestartDecision {
    }

    /**
     * A crash loop: {@code restarts} restarts within {@code period}, more than allowed. Stop
     * restarting, stop the workers, and exit non-zero so that whatever runs the primary (systemd, a
     * container runtime, an operator) hears about it.
     *
     * @param restarts the restarts counted within the period, this one included
     * @param period   the window they were counted in
     */
    record GiveUp(int restarts, Duration period) implements RestartDecision {
    }
}
