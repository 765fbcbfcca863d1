package dev.clusterlab.grader.labs;

import dev.clusterlab.grader.markers.MarkerTransformer;
import dev.clusterlab.grader.markers.Transformed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Makes a lab's {@code src/main} from a solution's {@code src/main}: text files go through the
 * marker transformer, other files are copied as they are.
 */
public final class LabGenerator {
    /** Editor and OS droppings that must not travel into a lab. */
    private static final Set<String> IGNORED = Set.of(".DS_Store", "Thumbs.db");

    /**
     * Generates the lab of {@code task} from {@code solutionMain} in memory; nothing is written, so a
     * marker error leaves the lab untouched.
     *
     * @param errorPrefix what error messages put before a file's relative path (for example
     *     {@code solutions/task02/src/main/})
     * @throws dev.clusterlab.grader.markers.MarkerException on a marker mistake
     */
    public GeneratedLab generate(String task, Path solutionMain, String errorPrefix) throws IOException {
        var files = new TreeMap<String, byte[]>();
        for (Path file : regularFiles(solutionMain)) {
            String rel = relative(solutionMain, file);
            byte[] bytes = Files.readAllBytes(file);
            var text = TextFiles.decode(bytes);
            if (text.isEmpty()) {
                files.put(rel, bytes);
                continue;
            }
            Transformed t = MarkerTransformer.forFile(file.getFileName().toString())
                    .transform(text.get(), errorPrefix + rel, task);
            if (!t.solutionOnly()) {
                files.put(rel, t.changed() ? t.content().getBytes(StandardCharsets.UTF_8) : bytes);
            }
        }
        return new GeneratedLab(task, files);
    }

    /** Regular files below {@code dir} (none if it does not exist), sorted, symlinks not followed. */
    static List<Path> regularFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !IGNORED.contains(p.getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }

    /** {@code file} relative to {@code dir}, with {@code /} separators on every OS. */
    static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(dir.getFileSystem().getSeparator(), "/");
    }
}
