package dev.clusterlab.task08;

import dev.clusterlab.task08.RejectedFrameException.Reason;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Opens the frames one end receives on one channel: the counterpart of {@link Sealer}. A frame
 * opens only if every byte of its ciphertext, and its epoch, seq, direction and worker id, are
 * exactly what the holder of the key sealed; anything else fails GCM's tag check.
 */
final class Opener {
    private final int workerId;
    private final Direction direction;

    /**
     * @param workerId  the worker at the other end (or this worker): part of the associated data
     * @param direction the way the frames this end receives travel
     */
    Opener(int workerId, Direction direction) {
        this.workerId = workerId;
        this.direction = direction;
    }

    /**
     * Decrypts and authenticates a {@link Sealed#parse parsed} envelope under {@code key}.
     *
     * @return the plaintext
     * @throws RejectedFrameException {@link Reason#MALFORMED} when the envelope's nonce is not
     *     {@link FrameLayout#nonce} of its epoch, this end's direction and its seq;
     *     {@link Reason#AUTHENTICATION_FAILED} when the tag does not match (GCM's
     *     {@link AEADBadTagException}): a tampered or forged frame, or one for another worker
     */
    byte[] open(EpochKey key, Sealed sealed) throws RejectedFrameException {
        // BEGIN SOLUTION compare the nonce with FrameLayout.nonce(epoch, direction, seq) (MALFORMED if not); decrypt with AES/GCM/NoPadding in DECRYPT_MODE, the same GCMParameterSpec and AAD as the sealer; AEADBadTagException means AUTHENTICATION_FAILED
        // tag::open[]
        byte[] nonce = FrameLayout.nonce(sealed.epoch(), direction, sealed.seq());
        if (!MessageDigest.isEqual(nonce, sealed.nonceBytes())) {
            throw new RejectedFrameException(Reason.MALFORMED, "the nonce is not the one its epoch, direction and seq give");
        }
        try {
            Cipher cipher = Cipher.getInstance(Sealer.TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(Sealer.TAG_BITS, nonce));
            cipher.updateAAD(FrameLayout.aad(sealed.epoch(), sealed.seq(), direction, workerId));
            return cipher.doFinal(sealed.ciphertextBytes());
        } catch (AEADBadTagException e) {
            throw new RejectedFrameException(Reason.AUTHENTICATION_FAILED,
                    "the GCM tag does not match: changed in transit, or not sealed with this worker's key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot do " + Sealer.TRANSFORMATION, e);
        }
        // end::open[]
        // END SOLUTION
    }
}
