package dev.clusterlab.grader.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps the output of the apps the checks started ({@code target/testkit-logs}), which failure
 * messages point to, since the work tree holding them is deleted after grading.
 */
final class AppLogs {
    /** The folder, next to the reports, that receives {@code <task>/...log}. */
    static final String FOLDER = "testkit-logs";
    /** Per task; a runaway app must not fill the disk of the grading machine. */
    private static final long MAX_BYTES_PER_TASK = 20L * 1024 * 1024;

    private AppLogs() {
    }

    /** Copies the task's app logs into {@code outDir/testkit-logs/<task>/}; returns a note saying where. */
    static Optional<String> copy(Path module, String task, Path outDir) throws IOException {
        Path logs = module.resolve("target/testkit-logs");
        if (!Files.isDirectory(logs)) {
            return Optional.empty();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(logs)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Path target = outDir.resolve(FOLDER).resolve(task);
        long copied = 0;
        int skipped = 0;
        for (Path file : files) {
            long size = Files.size(file);
            if (copied + size > MAX_BYTES_PER_TASK) {
                skipped++;
                continue;
            }
            Path to = target.resolve(logs.relativize(file).toString());
            Files.createDirectories(to.getParent());
            Files.copy(file, to);
            copied += size;
        }
        return Optional.of("The output of the apps the checks started (target/testkit-logs in messages) is in "
                + FOLDER + "/" + task + "/ next to this report"
                + (skipped > 0 ? " (" + skipped + " file(s) left out: over " + MAX_BYTES_PER_TASK / (1024 * 1024) + " MB)" : ""));
    }
}
