package dev.clusterlab.grader.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterlab.grader.model.CheckResult;
import dev.clusterlab.grader.model.GradeReport;
import dev.clusterlab.grader.model.Percent;
import dev.clusterlab.grader.model.TaskResult;
import dev.clusterlab.grader.results.CompileError;

/**
 * {@code results.json} in Gradescope's autograder format: {@code score}, {@code max_score},
 * {@code output} and one entry per check in {@code tests}.
 */
public final class GradescopeResults {
    private static final int MESSAGE_LINES = 20;

    private GradescopeResults() {
    }

    /** Builds the JSON tree. */
    public static ObjectNode toJson(GradeReport report, ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("score", report.score());
        root.put("max_score", report.max());
        root.put("output", overview(report));
        ArrayNode tests = root.putArray("tests");
        for (TaskResult t : report.tasks()) {
            for (CheckResult c : t.checks()) {
                ObjectNode test = tests.addObject();
                test.put("name", t.task() + " › " + c.name());
                test.put("score", c.score());
                test.put("max_score", c.maxPoints());
                test.put("status", c.passed() ? "passed" : "failed");
                test.put("output", c.passed() ? "" : output(c));
            }
        }
        return root;
    }

    private static String output(CheckResult c) {
        String text = Text.firstLines(c.message(), MESSAGE_LINES);
        if (c.hint() != null && !Text.mentions(c.message(), c.hint())) {
            text += "\nHint: " + c.hint();
        }
        return text;
    }

    /** The text Gradescope shows above the tests: totals, notes, and compiler errors. */
    private static String overview(GradeReport report) {
        var b = new StringBuilder("Total: " + report.score() + " / " + report.max() + " points ("
                + Percent.format(report.percent()) + "%)\n");
        report.notes().forEach(n -> b.append(n).append('\n'));
        for (TaskResult t : report.tasks()) {
            b.append('\n').append(t.task()).append(": ").append(t.score()).append(" / ").append(t.max())
                    .append(" (").append(t.status()).append(t.submitted() ? "" : ", not submitted").append(")\n");
            t.notes().forEach(n -> b.append(n).append('\n'));
            t.compileErrors().stream().map(CompileError::format).forEach(e -> b.append(e).append('\n'));
        }
        return b.toString();
    }
}
