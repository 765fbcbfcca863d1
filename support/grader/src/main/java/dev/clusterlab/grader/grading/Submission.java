package dev.clusterlab.grader.grading;

import java.nio.file.Path;
import java.util.Optional;

/** Where a submission keeps each task's {@code src/main}. */
public interface Submission {
    /** How reports name the submission. */
    String label();

    /** The task's {@code src/main} in the submission, or empty when the submission lacks it. */
    Optional<Path> mainFor(String task);
}
