package dev.clusterlab.grader.results;

import dev.clusterlab.grader.model.CheckResult;
import dev.clusterlab.grader.model.TaskResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Joins what the pristine sources promise (checks and points) with what actually ran (the testkit's
 * JSON files) and what Maven said (compiler errors) into one task's result. The sources decide which
 * checks exist and what they are worth; a result file only decides pass or fail.
 */
public final class ResultCollector {
    /** How many of Maven's other error lines a note quotes. */
    private static final int MAX_MAVEN_LINES = 8;

    /**
     * Builds one task's result.
     *
     * @param task the task id
     * @param submitted whether the submission had this task (notes say so otherwise)
     * @param expected the checks scanned from the pristine tests
     * @param read the result files found after the run
     * @param log the parsed Maven log of the run (null when Maven did not run)
     * @param notes notes to start with (for example why the task was not submitted)
     */
    public TaskResult collect(String task, boolean submitted, TaskChecks expected, ResultReader.Read read,
            MavenLog log, List<String> notes) {
        var allNotes = new ArrayList<>(notes);
        var warnings = new ArrayList<>(expected.warnings());
        warnings.addAll(read.warnings());
        List<CompileError> errors = log == null ? List.of() : log.compileErrors(task);
        String missingReason = missingReason(task, errors, read.results().isEmpty());

        if (errors.stream().anyMatch(CompileError::inMain)) {
            allNotes.add("Your code in labs/" + task + "/src/main does not compile: fix the errors below, then run ./mvnw -pl labs/" + task + " test");
        } else if (!errors.isEmpty()) {
            allNotes.add("The graded checks in labs/" + task + "/src/test do not compile against your code: keep the classes, methods and signatures the lab gave you, fix the errors below, then run ./mvnw -pl labs/" + task + " test");
        } else if (read.results().isEmpty() && !expected.checks().isEmpty() && log != null) {
            var note = new StringBuilder("The checks of " + task + " did not run (see maven.log)");
            List<String> other = log.otherErrors();
            if (!other.isEmpty()) {
                note.append("; Maven reported:");
                other.stream().limit(MAX_MAVEN_LINES).forEach(l -> note.append("\n").append(l));
            }
            allNotes.add(note.toString());
        }

        Map<String, Deque<ReportedResult>> byKey = new LinkedHashMap<>();
        for (ReportedResult r : read.results()) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayDeque<>()).add(r);
        }
        var checks = new ArrayList<CheckResult>();
        for (ExpectedCheck e : expected.checks()) {
            Deque<ReportedResult> candidates = byKey.get(e.key());
            ReportedResult r = candidates == null ? null : candidates.poll();
            if (r == null) {
                checks.add(new CheckResult(nameOf(e), e.className(), e.method(), 0, e.points(), false, false,
                        missingReason, e.hint(), null));
                continue;
            }
            if (r.points() != null && r.points() != e.points()) {
                warnings.add(e.key() + " reported " + r.points() + " points but its source says " + e.points() + "; the source counts");
            }
            String name = r.check() == null || r.check().isBlank() ? nameOf(e) : r.check();
            String message = r.passed() ? null : Objects.requireNonNullElse(r.message(), "failed");
            checks.add(new CheckResult(name, e.className(), e.method(), r.passed() ? e.points() : 0, e.points(),
                    r.passed(), true, message, r.hint() != null ? r.hint() : e.hint(), r.durationMillis()));
        }
        byKey.values().stream().flatMap(Deque::stream).forEach(r -> warnings.add(
                "a result for " + r.key() + " matches no @Points check in the pristine tests; it is ignored"));
        return new TaskResult(task, submitted, checks, errors, allNotes, warnings);
    }

    private static String nameOf(ExpectedCheck e) {
        return e.displayName() != null ? e.displayName() : e.method() + "()";
    }

    private static String missingReason(String task, List<CompileError> errors, boolean noResults) {
        if (errors.stream().anyMatch(CompileError::inMain)) {
            return "did not run: your code in labs/" + task + "/src/main does not compile (see the compiler errors)";
        }
        if (!errors.isEmpty()) {
            return "did not run: the graded checks do not compile against your code (see the compiler errors)";
        }
        if (noResults) {
            return "did not run (compile error?): no results were recorded for " + task;
        }
        return "did not run: no result was recorded for this check (was it disabled, or did its test JVM crash?)";
    }
}
