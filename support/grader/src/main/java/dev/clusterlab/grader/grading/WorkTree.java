package dev.clusterlab.grader.grading;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The clean temporary copy of the repository a submission is graded in, so neither the pristine
 * repository nor the submission is ever changed by a build.
 */
public final class WorkTree {
    /** Folders never copied: build output, VCS data, IDE state. */
    private static final Set<String> SKIPPED = Set.of("target", ".git", "node_modules", ".idea", ".vscode", ".gradle");

    private WorkTree() {
    }

    /**
     * Copies {@code repo} into a new folder below {@code base} (the system temp folder when null).
     *
     * @param excluded absolute paths not to copy (the report folder, when it lies inside the repository)
     */
    public static Path copyOf(Path repo, Path base, List<Path> excluded) throws IOException {
        Path tree = base == null ? Files.createTempDirectory("clusterlab-grade-")
                : Files.createTempDirectory(Files.createDirectories(base), "clusterlab-grade-");
        try {
            copy(repo, tree, excluded, true);
        } catch (IOException | RuntimeException e) {
            // The caller never learns the path of a tree that failed half-way: remove it here.
            try {
                delete(tree);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return tree;
    }

    /**
     * Replaces {@code labs/<task>/src/main} in {@code tree} with {@code submittedMain}; symbolic links
     * in the submission are skipped so it cannot reach files outside itself.
     */
    public static void replaceMain(Path tree, String task, Path submittedMain) throws IOException {
        Path target = tree.resolve("labs").resolve(task).resolve("src/main");
        delete(target);
        Files.createDirectories(target);
        copy(submittedMain, target, List.of(), false);
    }

    /** Deletes a folder and everything below it; a missing folder is fine. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void copy(Path from, Path to, List<Path> excluded, boolean keepLinks) throws IOException {
        Path source = from.toAbsolutePath().normalize();
        List<Path> skip = excluded.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(source) && (SKIPPED.contains(dir.getFileName().toString()) || skip.contains(dir))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink() && !keepLinks) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                    // COPY_ATTRIBUTES keeps mvnw executable.
                    Files.copy(file, to.resolve(source.relativize(file).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
