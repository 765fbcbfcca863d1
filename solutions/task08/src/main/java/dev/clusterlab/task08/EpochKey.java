package dev.clusterlab.task08;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 key and its epoch: epoch 0 is derived from the cluster secret
 * ({@code Cluster.deriveKey}); each rotation makes a fresh random key with the next epoch.
 *
 * @param epoch the key's number, 0 for the first; frames name the epoch they were sealed under
 * @param key   32 bytes; copied in and out, never printed
 */
record EpochKey(int epoch, byte[] key) {
    /** AES-256: 32 bytes of key. */
    static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Validates and copies the key, so nobody else holds the array. */
    EpochKey {
        if (epoch < 0) {
            throw new IllegalArgumentException("a key epoch is never negative, was " + epoch);
        }
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + KEY_BYTES + " bytes");
        }
        key = key.clone();
    }

    /** A fresh random key for {@code epoch}, from the JDK's {@link SecureRandom}. */
    static EpochKey random(int epoch) {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return new EpochKey(epoch, key);
    }

    /** A copy of the key's bytes. */
    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The key for {@code javax.crypto.Cipher}. */
    SecretKey secretKey() {
        return new SecretKeySpec(key, "AES");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EpochKey that && epoch == that.epoch && Arrays.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return 31 * epoch + Arrays.hashCode(key);
    }

    /** Says which epoch, never the key: whatever prints this (a log line, an exception) must not leak it. */
    @Override
    public String toString() {
        return "EpochKey[epoch=" + epoch + ", key=(redacted)]";
    }
}
