package dev.clusterlab.task08;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The keys one end of a channel holds: the current one, which seals everything it sends, and
 * for a short grace period after a rotation the previous one, so that frames sealed under it
 * just before the switch still open. Any other epoch is unknown or retired, and its frames are
 * rejected. Thread-safe.
 */
final class Keyring {
    /** How long the previous key still opens frames after a rotation, unless the next rotation comes first. */
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

    private final Duration grace;
    private final LongSupplier nanoClock;
    private EpochKey current;
    private EpochKey previous;
    private long previousRetiresAt;

    /** A keyring with {@code initial} as its current key, {@link #DEFAULT_GRACE} and the system clock. */
    Keyring(EpochKey initial) {
        this(initial, DEFAULT_GRACE, System::nanoTime);
    }

    /**
     * @param initial   the first current key (epoch 0 in the app)
     * @param grace     how long a replaced key still opens frames
     * @param nanoClock the time in nanoseconds, as {@link System#nanoTime()}; a check passes a fake one
     */
    Keyring(EpochKey initial, Duration grace, LongSupplier nanoClock) {
        this.current = initial;
        this.grace = grace;
        this.nanoClock = nanoClock;
    }

    /** The key that seals what this end sends. */
    synchronized EpochKey current() {
        return current;
    }

    /**
     * Makes {@code next} the current key. The key it replaces stays usable for opening during the
     * grace period; the one before that is dropped now.
     *
     * @throws IllegalArgumentException unless {@code next} is the epoch right after the current one
     */
    synchronized void install(EpochKey next) {
        throw new UnsupportedOperationException("TODO(task08): require next.epoch() == current.epoch() + 1 (IllegalArgumentException otherwise); the current key becomes the previous one, retiring at now + grace; next becomes current");
    }

    /**
     * The key a frame sealed under {@code epoch} opens with: the current key, or the previous one
     * while its grace period lasts; empty for any other epoch.
     */
    synchronized Optional<EpochKey> forEpoch(int epoch) {
        throw new UnsupportedOperationException("TODO(task08): the current key if its epoch matches; the previous key if its epoch matches and now is before its retirement; otherwise empty (and forget a previous key whose time is up)");
    }
}
