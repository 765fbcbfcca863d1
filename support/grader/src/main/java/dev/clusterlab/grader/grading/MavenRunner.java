package dev.clusterlab.grader.grading;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Runs Maven in a project folder; an interface so grading logic can be tested without Maven. */
public interface MavenRunner {
    /**
     * Runs Maven with {@code args} in {@code projectDir}, writing its combined output to {@code log}.
     */
    MavenRun run(Path projectDir, List<String> args, Path log) throws IOException, InterruptedException;
}
