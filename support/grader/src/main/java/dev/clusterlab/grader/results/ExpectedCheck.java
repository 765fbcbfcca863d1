package dev.clusterlab.grader.results;

/**
 * A graded check as the pristine test sources declare it.
 *
 * @param className the top-level test class's fully qualified name
 * @param method the test method's name (a placeholder when {@code @Points} sits on no method)
 * @param points its {@code @Points} value
 * @param displayName its {@code @DisplayName}, or null
 * @param hint its {@code @Hint}, or null
 * @param location where it is declared ({@code path:line}), for messages
 */
public record ExpectedCheck(String className, String method, int points, String displayName, String hint,
        String location) {
    /** The key results are matched on: top-level class and method. */
    public String key() {
        return className + "#" + method;
    }
}
