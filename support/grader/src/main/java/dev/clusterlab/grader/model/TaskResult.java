package dev.clusterlab.grader.model;

import dev.clusterlab.grader.results.CompileError;
import java.util.List;

/**
 * One task's outcome.
 *
 * @param task the task id
 * @param submitted whether the submission had this task's {@code src/main} (else the untouched lab was graded)
 * @param checks the checks, in source order
 * @param compileErrors the first compiler errors, empty when the module compiled
 * @param notes what a reader must know (not submitted, did not compile, Maven errors)
 * @param warnings grader-side oddities (unreadable results, unmatched results)
 */
public record TaskResult(String task, boolean submitted, List<CheckResult> checks, List<CompileError> compileErrors,
        List<String> notes, List<String> warnings) {
    /** Copies the lists. */
    public TaskResult {
        checks = List.copyOf(checks);
        compileErrors = List.copyOf(compileErrors);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    /** A copy with {@code note} added to the notes. */
    public TaskResult withNote(String note) {
        var more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new TaskResult(task, submitted, checks, compileErrors, more, warnings);
    }

    /** Points earned. */
    public int score() {
        return checks.stream().mapToInt(CheckResult::score).sum();
    }

    /** Points available. */
    public int max() {
        return checks.stream().mapToInt(CheckResult::maxPoints).sum();
    }

    /** {@link #score()} over {@link #max()}, in percent. */
    public double percent() {
        return Percent.of(score(), max());
    }

    /** How many checks passed. */
    public long passedCount() {
        return checks.stream().filter(CheckResult::passed).count();
    }

    /** A one-word state for tables: passed, partial, failed, compile-error, no-checks. */
    public String status() {
        if (!compileErrors.isEmpty()) {
            return "compile-error";
        }
        if (checks.isEmpty()) {
            return "no-checks";
        }
        long passed = passedCount();
        return passed == checks.size() ? "passed" : passed == 0 ? "failed" : "partial";
    }
}
