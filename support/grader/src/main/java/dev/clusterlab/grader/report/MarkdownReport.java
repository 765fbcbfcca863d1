package dev.clusterlab.grader.report;

import dev.clusterlab.grader.model.CheckResult;
import dev.clusterlab.grader.model.GradeReport;
import dev.clusterlab.grader.model.Percent;
import dev.clusterlab.grader.model.TaskResult;
import dev.clusterlab.grader.results.CompileError;
import java.util.stream.Collectors;

/** {@code report.md}: the report for people (student and instructor). */
public final class MarkdownReport {
    private static final int MESSAGE_LINES = 12;

    private MarkdownReport() {
    }

    /** Renders the report. */
    public static String render(GradeReport report) {
        var md = new StringBuilder();
        md.append("# clusterlab grading report\n\n");
        md.append("- Submission: `").append(report.submission()).append("`\n");
        md.append("- Graded: ").append(report.gradedAt()).append('\n');
        md.append("- **Total: ").append(report.score()).append(" / ").append(report.max()).append(" points (")
                .append(Percent.format(report.percent())).append("%)**\n\n");
        report.notes().forEach(n -> md.append("> ").append(n.replace("\n", "\n> ")).append("\n\n"));

        md.append("| Task | Points | % | Checks passed | Status |\n|---|---:|---:|---:|---|\n");
        for (TaskResult t : report.tasks()) {
            md.append("| ").append(t.task()).append(" | ").append(t.score()).append(" / ").append(t.max())
                    .append(" | ").append(Percent.format(t.percent())).append(" | ").append(t.passedCount())
                    .append(" / ").append(t.checks().size()).append(" | ").append(t.status())
                    .append(t.submitted() ? "" : " (not submitted)").append(" |\n");
        }
        report.tasks().forEach(t -> task(md, t));
        return md.toString();
    }

    private static void task(StringBuilder md, TaskResult t) {
        md.append("\n## ").append(t.task()).append(": ").append(t.score()).append(" / ").append(t.max())
                .append(" points (").append(Percent.format(t.percent())).append("%)\n\n");
        t.notes().forEach(n -> md.append("> ").append(n.replace("\n", "\n> ")).append("\n\n"));
        if (!t.compileErrors().isEmpty()) {
            md.append(Text.codeBlock(t.compileErrors().stream().map(CompileError::format)
                    .collect(Collectors.joining("\n")))).append('\n');
        }
        if (t.checks().isEmpty()) {
            md.append("No graded checks found.\n");
        } else {
            md.append("| Result | Check | Points | Message and hint |\n|---|---|---:|---|\n");
            for (CheckResult c : t.checks()) {
                md.append("| ").append(c.passed() ? "✅ pass" : c.ran() ? "❌ fail" : "⛔ not run").append(" | ")
                        .append(Text.cell(c.name())).append(" | ").append(c.score()).append(" / ").append(c.maxPoints())
                        .append(" | ").append(c.passed() ? "" : Text.cell(Text.firstLine(c.message(), 160)))
                        .append(!c.passed() && c.hint() != null ? "<br>**Hint:** " + Text.cell(c.hint()) : "")
                        .append(" |\n");
            }
        }
        var failed = t.checks().stream().filter(c -> c.ran() && !c.passed()).toList();
        if (!failed.isEmpty()) {
            md.append("\n### Failures in ").append(t.task()).append("\n");
            for (CheckResult c : failed) {
                md.append("\n**").append(c.name()).append("** (").append(c.score()).append(" / ")
                        .append(c.maxPoints()).append(", `").append(c.className()).append('#').append(c.method())
                        .append("`)\n\n").append(Text.codeBlock(Text.firstLines(c.message(), MESSAGE_LINES)));
                if (c.hint() != null && !Text.mentions(c.message(), c.hint())) {
                    md.append("\nHint: ").append(c.hint()).append('\n');
                }
            }
        }
        if (!t.warnings().isEmpty()) {
            md.append("\n<details><summary>Grader warnings</summary>\n\n");
            t.warnings().forEach(w -> md.append("- ").append(w).append('\n'));
            md.append("\n</details>\n");
        }
    }
}
