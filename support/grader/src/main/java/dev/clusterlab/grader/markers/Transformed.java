package dev.clusterlab.grader.markers;

/**
 * What a solution file becomes in the lab.
 *
 * @param content the lab's text (meaningless when {@code solutionOnly})
 * @param solutionOnly the file is marked {@code // SOLUTION FILE} and has no lab counterpart
 * @param changed whether any marker changed the text
 */
public record Transformed(String content, boolean solutionOnly, boolean changed) {
}
