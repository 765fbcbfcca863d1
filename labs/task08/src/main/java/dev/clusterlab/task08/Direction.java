package dev.clusterlab.task08;

/**
 * Which way a frame travels between the primary and one worker. It is part of every nonce and
 * every frame's associated data, so a frame cannot be reflected back to its sender: the primary's
 * frames to a worker never open as that worker's frames to the primary, and the other way round.
 */
enum Direction {
    /** From the primary to a worker. */
    TO_WORKER(0),
    /** From a worker to the primary. */
    TO_PRIMARY(1);

    private final int code;

    Direction(int code) {
        this.code = code;
    }

    /** The one-bit code that goes into nonces and associated data: 0 to a worker, 1 to the primary. */
    int code() {
        return code;
    }
}
