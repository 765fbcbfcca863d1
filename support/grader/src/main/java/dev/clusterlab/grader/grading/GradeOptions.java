package dev.clusterlab.grader.grading;

import java.nio.file.Path;
import java.util.List;

/**
 * How a grading run is set up.
 *
 * @param tasks the tasks to grade, in order
 * @param install whether to install support/runtime, support/workloads and support/testkit before the
 *     first run ({@link Grader#SUPPORT_MODULES})
 * @param keepWork whether to keep the temporary trees (for debugging a run)
 * @param workBase where temporary trees go (null: the system temp folder)
 * @param excluded paths inside the repository not to copy (report folders)
 */
public record GradeOptions(List<String> tasks, boolean install, boolean keepWork, Path workBase, List<Path> excluded) {
    /** Copies the lists. */
    public GradeOptions {
        tasks = List.copyOf(tasks);
        excluded = List.copyOf(excluded);
    }
}
