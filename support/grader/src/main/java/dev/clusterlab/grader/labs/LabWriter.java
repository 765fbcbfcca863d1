package dev.clusterlab.grader.labs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Writes a generated lab into {@code labs/taskNN/src/main}, touching only files that change. */
public final class LabWriter {
    /**
     * What writing changed.
     *
     * @param written files created or overwritten
     * @param unchanged files already as generated
     * @param deleted files removed because the solution has no source for them
     */
    public record Outcome(List<String> written, int unchanged, List<String> deleted) {
    }

    /** Makes {@code labMain} hold exactly the generated files. */
    public Outcome write(GeneratedLab lab, Path labMain) throws IOException {
        Files.createDirectories(labMain);
        var written = new ArrayList<String>();
        int unchanged = 0;
        for (var e : lab.files().entrySet()) {
            Path target = labMain.resolve(e.getKey());
            // Leaving equal files alone keeps timestamps, so IDEs and Maven do not rebuild for nothing.
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), e.getValue())) {
                unchanged++;
                continue;
            }
            Files.createDirectories(target.getParent());
            Files.write(target, e.getValue());
            written.add(e.getKey());
        }
        var deleted = new ArrayList<String>();
        for (Path existing : LabGenerator.regularFiles(labMain)) {
            String rel = LabGenerator.relative(labMain, existing);
            if (!lab.files().containsKey(rel)) {
                Files.delete(existing);
                deleted.add(rel);
            }
        }
        pruneEmptyDirectories(labMain);
        return new Outcome(written, unchanged, deleted);
    }

    private static void pruneEmptyDirectories(Path root) throws IOException {
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(root)) {
            dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path dir : dirs) {
            if (dir.equals(root)) {
                continue;
            }
            try (Stream<Path> children = Files.list(dir)) {
                if (children.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        }
    }
}
