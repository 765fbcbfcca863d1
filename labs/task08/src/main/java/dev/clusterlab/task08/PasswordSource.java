package dev.clusterlab.task08;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Where the primary gets the database password it hands to its workers: a file, never the
 * environment or the command line. {@code /proc/<pid>/environ} and {@code /proc/<pid>/cmdline}
 * show those to anyone who may read them (the command line to every user of the machine), every
 * forked worker inherits the environment, and both end up in crash reports and {@code ps} output.
 */
final class PasswordSource {
    /** The variable that names the password file (the {@code _FILE} convention of Docker secrets). */
    static final String FILE_ENV = "DB_PASSWORD_FILE";
    /** The variable people reach for first, and which this app refuses to read. */
    static final String VALUE_ENV = "DB_PASSWORD";

    private PasswordSource() {
    }

    /**
     * The password from the file named by {@value #FILE_ENV} (its content without a trailing line
     * break), or, without that variable, a fresh random one (for the demo).
     *
     * @param env the environment, {@code System.getenv()} in the app
     * @throws IllegalStateException when {@value #VALUE_ENV} is set: the password is already where
     *     it must not be, and every worker would inherit it
     */
    static byte[] load(Map<String, String> env) {
        throw new UnsupportedOperationException("TODO(task08): refuse DB_PASSWORD in env (IllegalStateException that names DB_PASSWORD_FILE); read the file named by DB_PASSWORD_FILE (strip a trailing \\n or \\r\\n; empty is an error); without it, generate 18 random bytes and return their base64 as the password");
    }
}
