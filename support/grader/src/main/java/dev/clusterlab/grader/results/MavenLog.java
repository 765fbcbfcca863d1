package dev.clusterlab.grader.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what matters for grading out of a Maven build log: compiler errors per task, and the other
 * {@code [ERROR]} lines, which explain a module that produced no results at all.
 */
public final class MavenLog {
    /** How many compiler errors per task a report shows; the first ones are the ones to fix. */
    public static final int MAX_ERRORS_PER_TASK = 20;

    private static final Pattern COMPILE_ERROR =
            Pattern.compile("^\\[ERROR\\]\\s+(.+?\\.java):\\[(\\d+),(\\d+)\\]\\s?(.*)$");
    private static final Pattern LAB_PATH = Pattern.compile("(?:^|[/\\\\])labs[/\\\\](task\\d{2})[/\\\\](.*)$");
    /** javac's indented follow-up lines; Maven's summary repeats them behind {@code [ERROR]}. */
    private static final Pattern DETAIL = Pattern.compile("^(?:\\[ERROR\\])?\\s{2,}(\\S.*)$");
    private static final List<String> NOISE = List.of("-> [Help", "[Help ", "To see the full stack trace",
            "Re-run Maven", "For more information about the errors", "After correcting the problems",
            "mvn <args> -rf", "COMPILATION ERROR", "Compilation failure",
            "There are test failures", "BUILD FAILURE", "Tests run:");

    private final Map<String, List<CompileError>> compileErrors;
    private final List<String> otherErrors;

    private MavenLog(Map<String, List<CompileError>> compileErrors, List<String> otherErrors) {
        this.compileErrors = compileErrors;
        this.otherErrors = otherErrors;
    }

    /** The lines of a log file (none when it is missing); malformed bytes in test output do not make it unreadable. */
    public static List<String> readLines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    }

    /** Parses a log's lines, finding each error's task by the {@code labs/taskNN/} in its path. */
    public static MavenLog parse(List<String> lines) {
        return parse(lines, List.of());
    }

    /**
     * Parses a log's lines; paths below one of {@code roots} (the work tree, as given and as the OS
     * resolves it) are read relative to it, so folders named like labs above the tree cannot mislead.
     */
    public static MavenLog parse(List<String> lines, List<String> roots) {
        var seen = new LinkedHashSet<String>();
        var byTask = new LinkedHashMap<String, List<CompileError>>();
        var other = new LinkedHashSet<String>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = COMPILE_ERROR.matcher(line);
            if (m.matches()) {
                var details = new ArrayList<String>();
                Matcher detail;
                while (i + 1 < lines.size() && (detail = DETAIL.matcher(lines.get(i + 1))).matches()) {
                    details.add("  " + detail.group(1).stripTrailing());
                    i++;
                }
                Matcher lab = LAB_PATH.matcher(relativeTo(roots, m.group(1)));
                if (!lab.find()) {
                    other.add(line.substring("[ERROR]".length()).strip());
                    continue;
                }
                String task = lab.group(1);
                String file = "labs/" + task + "/" + lab.group(2).replace('\\', '/');
                // Maven prints each compiler error twice (during the build and in the summary).
                if (seen.add(file + ":" + m.group(2) + ":" + m.group(3) + ":" + m.group(4))) {
                    var list = byTask.computeIfAbsent(task, t -> new ArrayList<>());
                    if (list.size() < MAX_ERRORS_PER_TASK) {
                        list.add(new CompileError(task, file, Integer.parseInt(m.group(2)),
                                Integer.parseInt(m.group(3)), m.group(4).strip(), details));
                    }
                }
            } else if (line.startsWith("[ERROR]")) {
                String text = line.substring("[ERROR]".length()).strip();
                if (!text.isEmpty() && NOISE.stream().noneMatch(text::contains)) {
                    other.add(text);
                }
            }
        }
        return new MavenLog(byTask, List.copyOf(other));
    }

    private static String relativeTo(List<String> roots, String path) {
        for (String root : roots) {
            String prefix = root.endsWith("/") || root.endsWith("\\") ? root : root + "/";
            if (path.replace('\\', '/').startsWith(prefix.replace('\\', '/'))) {
                return path.substring(prefix.length());
            }
        }
        return path;
    }

    /** The task's compiler errors (at most {@link #MAX_ERRORS_PER_TASK}), in log order. */
    public List<CompileError> compileErrors(String task) {
        return List.copyOf(compileErrors.getOrDefault(task, List.of()));
    }

    /** {@code [ERROR]} lines that are neither compiler errors nor Maven's boilerplate. */
    public List<String> otherErrors() {
        return otherErrors;
    }
}
