package dev.clusterlab.task08;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A test password and the forms in which a leak of it would show: as is, base64 (both alphabets,
 * so also inside base64 of a larger text when aligned), and hex.
 */
final class Leaks {
    private final String password;
    private final Map<String, byte[]> forms = new LinkedHashMap<>();

    private Leaks(String password) {
        this.password = password;
        byte[] raw = password.getBytes(StandardCharsets.UTF_8);
        forms.put("the password itself", raw);
        forms.put("its base64", Base64.getEncoder().withoutPadding().encodeToString(raw).getBytes(StandardCharsets.US_ASCII));
        forms.put("its URL-safe base64", Base64.getUrlEncoder().withoutPadding().encodeToString(raw)
                .getBytes(StandardCharsets.US_ASCII));
        forms.put("its hex", HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII));
        forms.put("its upper-case hex", HexFormat.of().formatHex(raw).toUpperCase(Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** A fresh random password, distinctive enough that it occurs nowhere by chance. */
    static Leaks newPassword() {
        byte[] random = new byte[15];
        new SecureRandom().nextBytes(random);
        return new Leaks("pw-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    String password() {
        return password;
    }

    /** The SHA-256 of the password in hex, what a worker's GET /secret answers. */
    String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Which form of the password {@code haystack} contains, or null when none. */
    String foundIn(byte[] haystack) {
        for (Map.Entry<String, byte[]> form : forms.entrySet()) {
            if (indexOf(haystack, form.getValue()) >= 0) {
                return form.getKey();
            }
        }
        return null;
    }

    /** {@link #foundIn(byte[])} for text. */
    String foundIn(String haystack) {
        return foundIn(haystack.getBytes(StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
