package dev.clusterlab.testkit;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the testkit writes its files.
 *
 * <p>Surefire runs tests with the module directory as working directory and also sets the
 * {@code basedir} system property; we prefer the property so a test that changes directory (or an IDE
 * that runs from the repository root) still writes under the module's {@code target/}.
 */
final class TestkitDirs {

    /**
     * Overrides where result files go (the testkit's own tests use it); the grader does not set it and
     * reads each lab's {@code target/clusterlab-results}.
     */
    static final String RESULTS_DIR_PROPERTY = "clusterlab.results.dir";
    /** Overrides where app logs go. */
    static final String LOGS_DIR_PROPERTY = "clusterlab.logs.dir";

    private TestkitDirs() {
    }

    /** The module's base directory: Surefire's {@code basedir} property, else the working directory. */
    static Path baseDir() {
        String basedir = System.getProperty("basedir");
        return Path.of(basedir != null && !basedir.isBlank() ? basedir : "").toAbsolutePath();
    }

    /**
     * The results directory. {@code lookup} reads JUnit configuration parameters, which fall back to
     * system properties, so {@code -Dclusterlab.results.dir=...} and an engine parameter both work.
     */
    static Path resultsDir(Function<String, Optional<String>> lookup) {
        return lookup.apply(RESULTS_DIR_PROPERTY)
                .or(() -> Optional.ofNullable(System.getProperty(RESULTS_DIR_PROPERTY)))
                .filter(s -> !s.isBlank())
                .map(s -> baseDir().resolve(s))
                .orElseGet(() -> baseDir().resolve("target/clusterlab-results"));
    }

    /** The directory that mirrors every launched app's output. */
    static Path logsDir() {
        String configured = System.getProperty(LOGS_DIR_PROPERTY);
        return configured != null && !configured.isBlank()
                ? baseDir().resolve(configured)
                : baseDir().resolve("target/testkit-logs");
    }

    /** A path as a student should read it: relative to the module when it lies inside it. */
    static String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path base = baseDir().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }
}
