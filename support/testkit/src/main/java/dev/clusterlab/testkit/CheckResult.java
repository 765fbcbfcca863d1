package dev.clusterlab.testkit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The outcome of one graded check, as written to
 * {@code target/clusterlab-results/<fully.qualified.Class>#<method>.json} and read by the grader.
 *
 * @param task the task, from the check's package ({@code dev.clusterlab.task02} gives {@code task02}),
 *     or {@code unknown}
 * @param check the check's display name
 * @param className the check class's fully qualified name
 * @param method the check method's name
 * @param points the points it is worth ({@link Points}), 0 without the annotation
 * @param passed whether it passed; false for a skipped (disabled or aborted) check
 * @param message the first lines of the failure message with the hint, or why it was skipped; null
 *     when it passed
 * @param hint its {@link Hint}, or null
 * @param durationMillis how long it ran, set-up and tear-down included
 */
@JsonPropertyOrder({"task", "check", "className", "method", "points", "passed", "message", "hint", "durationMillis"})
public record CheckResult(String task, String check, String className, String method, int points, boolean passed,
                          String message, String hint, long durationMillis) {

    /**
     * The task a check class belongs to: the last package segment of the form {@code taskNN}.
     *
     * @return e.g. {@code task02}, or {@code unknown}
     */
    public static String taskOf(Class<?> checkClass) {
        String[] segments = checkClass.getPackageName().split("\\.");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (segments[i].matches("task\\d+")) {
                return segments[i];
            }
        }
        return "unknown";
    }

    /** This result as not passed (yet): not every case of a parameterized or repeated check has ended. */
    CheckResult unfinished() {
        return new CheckResult(task, check, className, method, points, false,
                "Not finished: the test JVM stopped before every case of this check had run. The check gives no points.",
                hint, durationMillis);
    }

    /** This result folded with another run of the same method (a parameterized or repeated check). */
    CheckResult merge(CheckResult next) {
        return new CheckResult(task, check, className, method, points, passed && next.passed,
                message != null ? message : next.message, hint, durationMillis + next.durationMillis);
    }
}
