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
        // BEGIN SOLUTION encrypt with Cipher.getInstance(TRANSFORMATION), ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, FrameLayout.nonce(...)); updateAAD(FrameLayout.aad(...)); doFinal; return new Sealed(epoch, seq, base64 nonce, base64 ciphertext)
        // tag::seal[]
        byte[] nonce = FrameLayout.nonce(key.epoch(), direction, seq);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(FrameLayout.aad(key.epoch(), seq, direction, workerId));
            byte[] ciphertext = cipher.doFinal(plaintext);
            Base64.Encoder base64 = Base64.getEncoder();
            return new Sealed(key.epoch(), seq, base64.encodeToString(nonce), base64.encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot do " + TRANSFORMATION, e);
        }
        // end::seal[]
        // END SOLUTION
    }
}
