package dev.clusterlab.grader.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterlab.grader.model.CheckResult;
import dev.clusterlab.grader.model.GradeReport;
import dev.clusterlab.grader.model.TaskResult;
import dev.clusterlab.grader.results.CompileError;
import java.util.List;

/** {@code report.json}: the machine-readable report (tasks, checks, points, maximum, percent). */
public final class JsonReport {
    /** Bumped when a field changes meaning, so tools reading old reports can tell. */
    public static final int FORMAT_VERSION = 1;

    private JsonReport() {
    }

    /** Builds the JSON tree. */
    public static ObjectNode toJson(GradeReport report, ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("submission", report.submission());
        root.put("gradedAt", report.gradedAt().toString());
        root.put("score", report.score());
        root.put("max", report.max());
        root.put("percent", report.percent());
        strings(root.putArray("notes"), report.notes());
        ArrayNode tasks = root.putArray("tasks");
        for (TaskResult t : report.tasks()) {
            ObjectNode task = tasks.addObject();
            task.put("task", t.task());
            task.put("submitted", t.submitted());
            task.put("status", t.status());
            task.put("score", t.score());
            task.put("max", t.max());
            task.put("percent", t.percent());
            task.put("checksPassed", t.passedCount());
            task.put("checksTotal", t.checks().size());
            strings(task.putArray("notes"), t.notes());
            strings(task.putArray("warnings"), t.warnings());
            ArrayNode errors = task.putArray("compileErrors");
            for (CompileError e : t.compileErrors()) {
                ObjectNode error = errors.addObject();
                error.put("file", e.file());
                error.put("line", e.line());
                error.put("column", e.column());
                error.put("message", e.message());
                strings(error.putArray("details"), e.details());
            }
            ArrayNode checks = task.putArray("checks");
            for (CheckResult c : t.checks()) {
                ObjectNode check = checks.addObject();
                check.put("name", c.name());
                check.put("className", c.className());
                check.put("method", c.method());
                check.put("score", c.score());
                check.put("max", c.maxPoints());
                check.put("passed", c.passed());
                check.put("ran", c.ran());
                check.put("message", c.message());
                check.put("hint", c.hint());
                check.put("durationMillis", c.durationMillis());
            }
        }
        return root;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
