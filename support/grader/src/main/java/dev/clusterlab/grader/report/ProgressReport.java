package dev.clusterlab.grader.report;

import dev.clusterlab.grader.model.CheckResult;
import dev.clusterlab.grader.model.TaskResult;
import dev.clusterlab.grader.results.CompileError;
import java.util.Optional;

/**
 * What {@code watch} prints after each run, as rustlings does: one progress line, then only the
 * first thing to fix (a compiler error, else the first failing check with its message and hint).
 */
public final class ProgressReport {
    /** Lines of a failure message shown; the rest is in the log. */
    static final int MESSAGE_LINES = 20;

    private ProgressReport() {
    }

    /** {@code task03: 4 of 6 checks pass (7 of 10 points)}. */
    public static String progressLine(TaskResult t) {
        return "%s: %d of %d checks pass (%d of %d points)".formatted(t.task(), t.passedCount(), t.checks().size(),
                t.score(), t.max());
    }

    /** The progress line and what to look at first; {@code log} is where the whole run's output is. */
    public static String render(TaskResult t, String log) {
        var b = new StringBuilder(progressLine(t)).append('\n');
        if (!t.compileErrors().isEmpty()) {
            t.notes().stream().findFirst().ifPresent(n -> b.append('\n').append(n).append('\n'));
            CompileError first = t.compileErrors().getFirst();
            b.append('\n').append(first.format()).append('\n');
            if (t.compileErrors().size() > 1) {
                b.append("(and ").append(t.compileErrors().size() - 1).append(" more compiler errors)\n");
            }
            return b.toString();
        }
        Optional<CheckResult> failed = t.checks().stream().filter(c -> !c.passed()).findFirst();
        if (failed.isEmpty()) {
            return b.append(t.checks().isEmpty() ? "no graded checks found\n" : "every check passes: task done\n")
                    .toString();
        }
        CheckResult c = failed.get();
        b.append("\n✗ ").append(c.name()).append(" (").append(c.maxPoints()).append(c.maxPoints() == 1 ? " point)\n" : " points)\n");
        b.append(Text.firstLines(c.message(), MESSAGE_LINES)).append('\n');
        if (c.hint() != null && !Text.mentions(c.message(), c.hint())) {
            b.append("\nHint: ").append(c.hint().strip()).append('\n');
        }
        if (!c.ran()) {
            t.notes().forEach(n -> b.append('\n').append(n).append('\n'));
        }
        return b.append("\nthe whole run: ").append(log).append('\n').toString();
    }
}
