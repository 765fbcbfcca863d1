package dev.clusterlab.grader.labs;

import java.util.List;

/**
 * One file where the committed lab and the generated lab disagree.
 *
 * @param task the task id
 * @param path the path relative to {@code src/main}
 * @param kind how they differ
 * @param excerpt a short unified-diff-like excerpt (committed as {@code -}, generated as {@code +})
 */
public record FileDifference(String task, String path, Kind kind, List<String> excerpt) {
    /** How a file differs. */
    public enum Kind {
        /** The generator makes it, the lab lacks it. */
        MISSING_IN_LAB,
        /** The lab has it, the solution has no source for it. */
        EXTRA_IN_LAB,
        /** Both have it with different content. */
        CHANGED
    }

    /** Copies the excerpt. */
    public FileDifference {
        excerpt = List.copyOf(excerpt);
    }
}
