package dev.clusterlab.grader.grading;

import dev.clusterlab.grader.repo.TaskIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A submission on disk: a copy of the repository ({@code DIR/labs/taskNN/src/main}) or just its
 * labs folder ({@code DIR/taskNN/src/main}).
 *
 * @param label how reports name it
 * @param labsRoot the folder holding the {@code taskNN} folders
 */
public record DirectorySubmission(String label, Path labsRoot) implements Submission {

    /**
     * Finds the labs in {@code dir}; also looks one level down when {@code dir} holds a single folder,
     * as unpacked archives often do.
     *
     * @throws NoLabsFoundException when no {@code taskNN} folder is found
     */
    public static DirectorySubmission locate(Path dir, String label) {
        Path abs = dir.toAbsolutePath().normalize();
        Optional<Path> root = labsRootIn(abs);
        if (root.isEmpty()) {
            List<Path> children = visibleDirectories(abs);
            if (children.size() == 1) {
                root = labsRootIn(children.getFirst());
            }
        }
        return root.map(r -> new DirectorySubmission(label, r)).orElseThrow(() -> new NoLabsFoundException(
                "no labs found in " + abs + ": expected " + abs + "/labs/taskNN/src/main (a copy of the repository) or "
                        + abs + "/taskNN/src/main (its labs folder)"));
    }

    @Override
    public Optional<Path> mainFor(String task) {
        Path main = labsRoot.resolve(task).resolve("src/main");
        return Files.isDirectory(main) ? Optional.of(main) : Optional.empty();
    }

    private static Optional<Path> labsRootIn(Path dir) {
        if (hasTasks(dir.resolve("labs"))) {
            return Optional.of(dir.resolve("labs"));
        }
        return hasTasks(dir) ? Optional.of(dir) : Optional.empty();
    }

    private static boolean hasTasks(Path dir) {
        return visibleDirectories(dir).stream().anyMatch(p -> TaskIds.isTask(p.getFileName().toString()));
    }

    private static List<Path> visibleDirectories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("__"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
