package dev.clusterlab.task08;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals the frames one end sends on one channel: AES-256-GCM from the JDK ({@code javax.crypto},
 * no cryptography of our own), with a counter nonce that never repeats under a key.
 *
 * <p>Thread-safe: the counter is atomic, and each call makes its own {@link Cipher} (a GCM
 * cipher refuses to encrypt twice with one key and nonce, and is not thread-safe anyway).
 */
final class Sealer {
    /** The JDK's AES in Galois/Counter Mode; GCM needs no padding. */
    static final String TRANSFORMATION = "AES/GCM/NoPadding";
    /** GCM tag length in bits: the full 128. */
    static final int TAG_BITS = 128;

    private final int workerId;
    private final Direction direction;
    private final AtomicLong counter = new AtomicLong();

    /**
     * @param workerId  the worker at the other end (or this worker): part of the associated data
     * @param direction the way this end's frames travel
     */
    Sealer(int workerId, Direction direction) {
        this.workerId = workerId;
        this.direction = direction;
    }

    /**
     * Seals {@code plaintext} under {@code key} as the next frame: seq is this sealer's next count
     * (1 for the first frame), the nonce is {@link FrameLayout#nonce}, and the associated data
     * {@link FrameLayout#aad} binds epoch, seq, direction and worker id to the ciphertext.
     */
    Sealed seal(EpochKey key, byte[] plaintext) {
        long seq = counter.incrementAndGet();
        throw new UnsupportedOperationException("TODO(task08): encrypt with Cipher.getInstance(TRANSFORMATION), ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, FrameLayout.nonce(...)); updateAAD(FrameLayout.aad(...)); doFinal; return new Sealed(epoch, seq, base64 nonce, base64 ciphertext)");
    }
}
