package dev.clusterlab.task08;

import java.nio.ByteBuffer;

/**
 * The byte layouts both ends must agree on, bit for bit: the GCM nonce of a frame and the
 * associated data that binds its clear fields (epoch, seq, direction, worker) to its ciphertext.
 *
 * <pre>
 * nonce (12 bytes) = int32 (epoch &lt;&lt; 1 | direction.code) ‖ int64 seq         big-endian
 * aad   (17 bytes) = int32 epoch ‖ int64 seq ‖ int8 direction.code ‖ int32 workerId
 * </pre>
 *
 * <p>Why a counter and not a random nonce: with one key, GCM must never see the same nonce twice
 * (two messages under one key and nonce give away their XOR and the key's authentication
 * subkey). A counter cannot repeat while the sender keeps counting; the direction bit keeps the
 * two senders of one key apart, and each worker has keys of its own.
 */
final class FrameLayout {
    /** GCM's standard nonce length. */
    static final int NONCE_BYTES = 12;
    /** Length of {@link #aad}. */
    static final int AAD_BYTES = 17;

    private FrameLayout() {
    }

    /** The nonce of frame {@code seq} of {@code direction} under key {@code epoch}. */
    static byte[] nonce(int epoch, Direction direction, long seq) {
        throw new UnsupportedOperationException("TODO(task08): 12 bytes, big-endian: int32 (epoch << 1 | direction.code()) then int64 seq (a ByteBuffer does it)");
    }

    /** The associated data of a frame: authenticated with the ciphertext, though not encrypted. */
    static byte[] aad(int epoch, long seq, Direction direction, int workerId) {
        throw new UnsupportedOperationException("TODO(task08): 17 bytes, big-endian: int32 epoch, int64 seq, int8 direction.code(), int32 workerId");
    }
}
