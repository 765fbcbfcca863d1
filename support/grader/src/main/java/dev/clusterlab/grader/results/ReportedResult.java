package dev.clusterlab.grader.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One check's outcome as the testkit wrote it to
 * {@code labs/taskNN/target/clusterlab-results/<class>#<method>.json}.
 *
 * @param task the task id the testkit recorded
 * @param check the check's display name
 * @param className the test class (nested classes as {@code Outer$Inner})
 * @param method the test method
 * @param points the points the testkit read from {@code @Points}
 * @param passed whether the check passed
 * @param message the failure text (with the hint), or null
 * @param hint the check's hint, or null
 * @param durationMillis how long it ran, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportedResult(String task, String check, String className, String method, Integer points,
        boolean passed, String message, String hint, Long durationMillis) {

    /** The top-level class and method, the key expected checks are matched on. */
    public String key() {
        String cls = className == null ? "" : className;
        int nested = cls.indexOf('$');
        return (nested < 0 ? cls : cls.substring(0, nested)) + "#" + method;
    }

    /** A copy with class and method filled in from the file name when the JSON lacks them. */
    ReportedResult withIdentity(String fallbackClass, String fallbackMethod) {
        return new ReportedResult(task, check,
                className == null || className.isBlank() ? fallbackClass : className,
                method == null || method.isBlank() ? fallbackMethod : method,
                points, passed, message, hint, durationMillis);
    }
}
