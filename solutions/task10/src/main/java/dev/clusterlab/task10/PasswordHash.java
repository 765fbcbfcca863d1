package dev.clusterlab.task10;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The CPU-bound job: hashing a password with PBKDF2-HMAC-SHA256 (the JDK's {@code javax.crypto}), as a
 * sign-up or log-in does before it stores or compares a password. The cost factor is the number of
 * iterations: each one is an HMAC, so the work grows linearly with it and one job keeps one core
 * busy for its whole length. Node's {@code crypto.pbkdf2Sync(password, salt, iterations, 32,
 * 'sha256')} computes the same bytes.
 */
final class PasswordHash {
    /** The iterations when a job does not say (OWASP's 2023 advice for PBKDF2-HMAC-SHA256 is 600,000). */
    static final int DEFAULT_ITERATIONS = 100_000;
    /** The largest cost a job may ask for: a few seconds of one core. */
    static final int MAX_ITERATIONS = 5_000_000;
    private static final int KEY_BITS = 256;

    private PasswordHash() {
    }

    /** The hex PBKDF2-HMAC-SHA256 of {@code password} with {@code salt} and {@code iterations}, 32 bytes. */
    // tag::hash[]
    static String hash(String password, String salt, int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between 1 and " + MAX_ITERATIONS + ", was " + iterations);
        }
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), iterations, KEY_BITS);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return HexFormat.of().formatHex(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
    // end::hash[]
}
