package dev.clusterlab.ipc;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Proof that a connecting worker holds the cluster's secret: HMAC-SHA256 over the primary's fresh
 * nonce and the worker's id. The secret itself never crosses the socket, and a recorded proof is
 * useless for another nonce.
 */
public final class Handshake {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private Handshake() {
    }

    /** A new random 256-bit secret, base64. */
    public static String newSecret() {
        return random(32);
    }

    /** A new random nonce, base64. */
    public static String newNonce() {
        return random(16);
    }

    // tag::proof[]
    /** The proof a worker sends for {@code nonce}. */
    public static String proof(String secret, String nonce, int workerId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
            return B64.encodeToString(mac.doFinal((nonce + ":" + workerId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
    // end::proof[]

    /**
     * A 256-bit key for {@code purpose}, derived from the cluster secret: HKDF-Expand (RFC 5869) with
     * HMAC-SHA256, the secret as the pseudorandom key (it is already 256 random bits) and the
     * purpose as info. Different purposes give independent keys; the secret itself is never used as one.
     */
    public static byte[] deriveKey(String secret, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
            mac.update(("clusterlab:" + purpose).getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(new byte[] {1});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** Whether {@code proof} is right, compared in constant time. */
    public static boolean verify(String secret, String nonce, int workerId, String proof) {
        byte[] expected = proof(secret, nonce, workerId).getBytes(StandardCharsets.US_ASCII);
        return proof != null && MessageDigest.isEqual(expected, proof.getBytes(StandardCharsets.US_ASCII));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }
}
