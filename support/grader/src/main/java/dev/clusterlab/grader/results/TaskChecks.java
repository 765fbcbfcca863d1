package dev.clusterlab.grader.results;

import java.util.List;

/**
 * The graded checks of one task, read from its pristine test sources.
 *
 * @param checks the checks in source order
 * @param warnings things the scan could not read (for the report)
 */
public record TaskChecks(List<ExpectedCheck> checks, List<String> warnings) {
    /** Copies the lists. */
    public TaskChecks {
        checks = List.copyOf(checks);
        warnings = List.copyOf(warnings);
    }

    /** The task's maximum: the sum of every {@code @Points}. */
    public int maxPoints() {
        return checks.stream().mapToInt(ExpectedCheck::points).sum();
    }
}
