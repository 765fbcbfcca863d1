package dev.clusterlab.task10;

/** How a job can fail; {@link JobRoutes} maps each to its HTTP status. */
final class JobErrors {
    private JobErrors() {
    }

    /** No room: every worker is busy and the queue is full (429). */
    static final class Rejected extends RuntimeException {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    /** The job ran longer than the pool's timeout and was stopped (504). */
    static final class TimedOut extends RuntimeException {
        TimedOut(String message) {
            super(message, null, false, false);
        }
    }

    /** The job could not be completed, e.g. its worker died twice (502). */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message, null, false, false);
        }
    }
}
