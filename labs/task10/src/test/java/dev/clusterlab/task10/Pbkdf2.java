package dev.clusterlab.task10;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** The checks' own single-process PBKDF2-HMAC-SHA256 (32 bytes, hex), to compare the cluster's answers with. */
final class Pbkdf2 {
    private Pbkdf2() {
    }

    static String hex(String password, String salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), iterations, 256);
            return HexFormat.of().formatHex(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A job's JSON. */
    static String job(String password, String salt, int iterations) {
        return "{\"password\":\"" + password + "\",\"salt\":\"" + salt + "\",\"iterations\":" + iterations + "}";
    }
}
