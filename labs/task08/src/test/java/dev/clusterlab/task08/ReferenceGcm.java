package dev.clusterlab.task08;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The checks' own AES-256-GCM with the frame layout the lab documents (FrameLayout's Javadoc), written
 * independently of the lab's code: to read what the lab sealed, and to seal frames the lab must reject
 * (forged with another key, sealed for another seq). Direction codes: 0 primary to worker, 1 worker to
 * primary.
 */
final class ReferenceGcm {
    static final int TO_WORKER = 0;
    static final int TO_PRIMARY = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferenceGcm() {
    }

    /** int32 (epoch << 1 | direction) ‖ int64 seq. */
    static byte[] nonce(int epoch, int direction, long seq) {
        return ByteBuffer.allocate(12).putInt(epoch << 1 | direction).putLong(seq).array();
    }

    /** int32 epoch ‖ int64 seq ‖ int8 direction ‖ int32 workerId. */
    static byte[] aad(int epoch, long seq, int direction, int workerId) {
        return ByteBuffer.allocate(17).putInt(epoch).putLong(seq).put((byte) direction).putInt(workerId).array();
    }

    static byte[] seal(byte[] key, int epoch, long seq, int direction, int workerId, byte[] plaintext) {
        return crypt(Cipher.ENCRYPT_MODE, key, epoch, seq, direction, workerId, plaintext);
    }

    static byte[] open(byte[] key, int epoch, long seq, int direction, int workerId, byte[] ciphertext) {
        return crypt(Cipher.DECRYPT_MODE, key, epoch, seq, direction, workerId, ciphertext);
    }

    /** A frame to worker {@code workerId}, sealed under {@code key}, as the JSON the wire carries. */
    static ObjectNode envelope(byte[] key, int epoch, long seq, int workerId, byte[] plaintext) {
        return envelope(epoch, seq, nonce(epoch, TO_WORKER, seq), seal(key, epoch, seq, TO_WORKER, workerId, plaintext));
    }

    static ObjectNode envelope(int epoch, long seq, byte[] nonce, byte[] ciphertext) {
        Base64.Encoder b64 = Base64.getEncoder();
        return JSON.createObjectNode().put("epoch", epoch).put("seq", seq).put("nonce", b64.encodeToString(nonce))
                .put("ciphertext", b64.encodeToString(ciphertext));
    }

    private static byte[] crypt(int mode, byte[] key, int epoch, long seq, int direction, int workerId, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce(epoch, direction, seq)));
            cipher.updateAAD(aad(epoch, seq, direction, workerId));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("the checks' own AES-GCM failed: " + e, e);
        }
    }
}
