package dev.clusterlab.grader.grading;

import java.nio.file.Path;

/**
 * How one Maven invocation ended.
 *
 * @param exitCode the process's exit code (-1 when it was stopped)
 * @param timedOut whether it was stopped for running too long
 * @param log the file holding its combined output
 */
public record MavenRun(int exitCode, boolean timedOut, Path log) {
}
