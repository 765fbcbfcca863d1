package dev.clusterlab.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes one {@link CheckResult} per check as a small JSON file the grader collects. */
final class ResultWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultWriter() {
    }

    /**
     * Writes {@code result} to {@code <dir>/<className>#<method>.json}, replacing an older one. The
     * file appears whole (written aside, then moved), so a grader never reads half of it.
     */
    static Path write(Path dir, CheckResult result) {
        Path file = dir.resolve(result.className() + "#" + result.method() + ".json");
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".result-", ".tmp");
            try {
                JSON.writeValue(temp.toFile(), result);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the result of " + result.className() + "#"
                    + result.method() + " to " + file, e);
        }
    }
}
