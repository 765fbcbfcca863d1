package dev.clusterlab.grader.model;

/**
 * One graded check's outcome.
 *
 * @param name the display name
 * @param className the test class
 * @param method the test method
 * @param score the points earned (its maximum when passed, else 0)
 * @param maxPoints the check's {@code @Points}
 * @param passed whether it passed
 * @param ran whether it ran at all (false when its module did not compile, for example)
 * @param message the failure text, or null when passed
 * @param hint the check's hint, or null
 * @param durationMillis how long it ran, or null when it did not run
 */
public record CheckResult(String name, String className, String method, int score, int maxPoints, boolean passed,
        boolean ran, String message, String hint, Long durationMillis) {
}
