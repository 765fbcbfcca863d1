package dev.clusterlab.grader.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The clusterlab repository on disk: where labs, solutions and their parts live, and which tasks exist.
 *
 * @param root the repository root (the folder holding the aggregator {@code pom.xml})
 */
public record Repo(Path root) {
    private static final Pattern LAB_MODULE = Pattern.compile("<module>\\s*labs/(task\\d{2})\\s*</module>");

    /** Normalises the root to an absolute, clean path. */
    public Repo {
        root = root.toAbsolutePath().normalize();
    }

    /** Whether {@code dir} looks like a clusterlab repository root. */
    public static boolean isRepo(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml"))
                && (Files.isDirectory(dir.resolve("labs")) || Files.isDirectory(dir.resolve("solutions")));
    }

    /** Finds the repository at {@code start} or, failing that, in one of its parents. */
    public static Optional<Repo> find(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isRepo(dir)) {
                return Optional.of(new Repo(dir));
            }
        }
        return Optional.empty();
    }

    /** {@code labs/}. */
    public Path labsDir() {
        return root.resolve("labs");
    }

    /** {@code solutions/}. */
    public Path solutionsDir() {
        return root.resolve("solutions");
    }

    /** {@code labs/taskNN}. */
    public Path lab(String task) {
        return labsDir().resolve(task);
    }

    /** {@code labs/taskNN/src/main}: the generated skeleton a student fills in. */
    public Path labMain(String task) {
        return lab(task).resolve("src/main");
    }

    /** {@code labs/taskNN/src/test/java}: the graded checks, the source of truth for points. */
    public Path labTests(String task) {
        return lab(task).resolve("src/test/java");
    }

    /** {@code solutions/taskNN/src/main}: the reference code, the source of truth for lab code. */
    public Path solutionMain(String task) {
        return solutionsDir().resolve(task).resolve("src/main");
    }

    /** Tasks that have a lab module ({@code labs/taskNN/pom.xml}), sorted. */
    public List<String> labTasks() {
        return tasksIn(labsDir(), "pom.xml");
    }

    /** Tasks that have solution code ({@code solutions/taskNN/src/main}), sorted. */
    public List<String> solutionTasks() {
        return tasksIn(solutionsDir(), "src/main");
    }

    /**
     * Lab tasks the aggregator {@code pom.xml} lists as modules; Maven's {@code -pl} only accepts
     * those. Empty when the pom lists none (then callers should not filter by it).
     */
    public Set<String> labModulesInReactor() {
        try {
            var matcher = LAB_MODULE.matcher(Files.readString(root.resolve("pom.xml")));
            var tasks = new TreeSet<String>();
            while (matcher.find()) {
                tasks.add(matcher.group(1));
            }
            return tasks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> tasksIn(Path parent, String required) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children
                    .filter(p -> TaskIds.isTask(p.getFileName().toString()))
                    .filter(p -> Files.exists(p.resolve(required)))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
