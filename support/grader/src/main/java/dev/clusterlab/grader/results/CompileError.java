package dev.clusterlab.grader.results;

import java.util.List;

/**
 * A compiler error Maven reported, attributed to a task.
 *
 * @param task the task whose module holds the file
 * @param file the file relative to the repository root ({@code labs/task02/src/main/java/...})
 * @param line the 1-based line
 * @param column the 1-based column
 * @param message the compiler's message
 * @param details the indented lines javac adds ({@code symbol:}, {@code location:})
 */
public record CompileError(String task, String file, int line, int column, String message, List<String> details) {
    /** Copies the details. */
    public CompileError {
        details = List.copyOf(details);
    }

    /** Whether the error is in the student's code rather than in the graded checks. */
    public boolean inMain() {
        return file.startsWith("labs/" + task + "/src/main/");
    }

    /** The error as javac-through-Maven prints it, with the repository-relative path. */
    public String format() {
        var b = new StringBuilder(file + ":[" + line + "," + column + "] " + message);
        details.forEach(d -> b.append('\n').append(d));
        return b.toString();
    }
}
