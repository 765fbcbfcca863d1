package dev.clusterlab.grader.report;

import dev.clusterlab.grader.model.CheckResult;
import dev.clusterlab.grader.model.GradeReport;
import dev.clusterlab.grader.model.Percent;
import dev.clusterlab.grader.model.TaskResult;

/** The one-screen summary printed after grading. */
public final class ConsoleSummary {
    /** Failed checks listed per task before the rest are counted only. */
    private static final int FAILED_SHOWN = 4;

    private ConsoleSummary() {
    }

    /** Renders the summary. */
    public static String render(GradeReport report) {
        var b = new StringBuilder();
        for (TaskResult t : report.tasks()) {
            b.append(String.format("%-7s %4d / %-4d %6s%%  %d/%d checks  %s%n", t.task(), t.score(), t.max(),
                    Percent.format(t.percent()), t.passedCount(), t.checks().size(),
                    t.status() + (t.submitted() ? "" : " (not submitted)")));
            if (!t.compileErrors().isEmpty()) {
                b.append("        ").append(t.compileErrors().getFirst().format().lines().findFirst().orElse(""))
                        .append(t.compileErrors().size() > 1 ? " (+" + (t.compileErrors().size() - 1) + " more)" : "")
                        .append(System.lineSeparator());
                continue;
            }
            var failed = t.checks().stream().filter(c -> !c.passed()).toList();
            failed.stream().limit(FAILED_SHOWN).forEach(c -> b.append("        ✗ ").append(line(c)).append(System.lineSeparator()));
            if (failed.size() > FAILED_SHOWN) {
                b.append("        ... and ").append(failed.size() - FAILED_SHOWN).append(" more failed").append(System.lineSeparator());
            }
        }
        b.append(String.format("TOTAL   %4d / %-4d %6s%%%n", report.score(), report.max(), Percent.format(report.percent())));
        return b.toString();
    }

    private static String line(CheckResult c) {
        return c.name() + " (" + c.maxPoints() + " pts): " + Text.firstLine(c.message(), 90);
    }
}
