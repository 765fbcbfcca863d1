package dev.clusterlab.task07;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The release a worker serves: the version in the artifact {@code VERSION_FILE} names, read once
 * when the worker starts. A deploy writes a new artifact and reloads; workers forked after that
 * serve the new version, the old ones keep theirs until they are drained. An artifact that is
 * missing or does not hold a version is broken: the worker refuses to start, which a rolling
 * reload must notice (and abort) before it takes an old worker out.
 */
record Release(String version) {
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    /** Reads the release from {@code artifact}, or {@code unversioned} when there is none configured. */
    static Release read(Path artifact) {
        if (artifact == null) {
            return new Release("unversioned");
        }
        String text;
        try {
            text = Files.readString(artifact, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("broken release artifact " + artifact + ": cannot read it", e);
        }
        if (!VERSION.matcher(text).matches()) {
            throw new IllegalStateException("broken release artifact " + artifact + ": '" + text
                    + "' is not a version (letters, digits, . _ + -)");
        }
        return new Release(text);
    }
}
