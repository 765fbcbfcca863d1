package dev.clusterlab.grader.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlab.grader.model.CheckResult;
import dev.clusterlab.grader.model.GradeReport;
import dev.clusterlab.grader.model.TaskResult;
import dev.clusterlab.grader.results.CompileError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
    private final ObjectMapper json = new ObjectMapper();

    static GradeReport sample() {
        var task01 = new TaskResult("task01", true, List.of(
                new CheckResult("answers()", "p.A", "answers", 3, 3, true, true, null, "hint a", 10L),
                new CheckResult("blocks | pipes", "p.A", "blocks", 0, 5, false, true,
                        "expected 1\nbut was 2\n\nHint: look at the loop", "look at the loop", 20L)),
                List.of(), List.of(), List.of());
        var task02 = new TaskResult("task02", false, List.of(
                new CheckResult("forks()", "p.B", "forks", 0, 10, false, false,
                        "did not run: your code in labs/task02/src/main does not compile (see the compiler errors)", "fork", null)),
                List.of(new CompileError("task02", "labs/task02/src/main/java/B.java", 3, 7, "cannot find symbol",
                        List.of("  symbol: x"))),
                List.of("Your code in labs/task02/src/main does not compile: fix the errors below, then run ./mvnw -pl labs/task02 test"),
                List.of());
        return new GradeReport("/subs/alice", Instant.parse("2025-01-02T03:04:05Z"), List.of(task01, task02), List.of());
    }

    @Test
    void totalsAndPercent() {
        GradeReport r = sample();
        assertThat(r.score()).isEqualTo(3);
        assertThat(r.max()).isEqualTo(18);
        assertThat(r.percent()).isEqualTo(16.7);
    }

    @Test
    void markdownHasTotalsTablesFailuresAndCompileErrors() {
        String md = MarkdownReport.render(sample());
        assertThat(md)
                .contains("**Total: 3 / 18 points (16.7%)**")
                .contains("| task01 | 3 / 8 | 37.5 | 1 / 2 | partial |")
                .contains("| task02 | 0 / 10 | 0 | 0 / 1 | compile-error (not submitted) |")
                .contains("| ✅ pass | answers() | 3 / 3 |  |")
                .contains("| ❌ fail | blocks \\| pipes | 0 / 5 | expected 1<br>**Hint:** look at the loop |")
                .contains("| ⛔ not run | forks() | 0 / 10 |")
                .contains("> Your code in labs/task02/src/main does not compile")
                .contains("labs/task02/src/main/java/B.java:[3,7] cannot find symbol\n  symbol: x")
                .contains("### Failures in task01");
        // The hint is part of the message already: not repeated below it.
        assertThat(md).doesNotContain("\nHint: look at the loop\n\n");
    }

    @Test
    void jsonReportCarriesTasksChecksPointsAndPercent() throws Exception {
        JsonNode root = JsonReport.toJson(sample(), json);
        assertThat(root.get("score").asInt()).isEqualTo(3);
        assertThat(root.get("max").asInt()).isEqualTo(18);
        assertThat(root.get("percent").asDouble()).isEqualTo(16.7);
        JsonNode task02 = root.get("tasks").get(1);
        assertThat(task02.get("submitted").asBoolean()).isFalse();
        assertThat(task02.get("status").asText()).isEqualTo("compile-error");
        assertThat(task02.get("compileErrors").get(0).get("line").asInt()).isEqualTo(3);
        JsonNode check = root.get("tasks").get(0).get("checks").get(1);
        assertThat(check.get("max").asInt()).isEqualTo(5);
        assertThat(check.get("passed").asBoolean()).isFalse();
        assertThat(check.get("ran").asBoolean()).isTrue();
    }

    @Test
    void gradescopeResultsFollowTheAutograderFormat() {
        JsonNode root = GradescopeResults.toJson(sample(), json);
        assertThat(root.get("score").asInt()).isEqualTo(3);
        assertThat(root.get("max_score").asInt()).isEqualTo(18);
        assertThat(root.get("output").asText()).contains("Total: 3 / 18").contains("B.java:[3,7]");
        JsonNode tests = root.get("tests");
        assertThat(tests).hasSize(3);
        assertThat(tests.get(0).get("name").asText()).isEqualTo("task01 › answers()");
        assertThat(tests.get(0).get("status").asText()).isEqualTo("passed");
        assertThat(tests.get(0).get("score").asInt()).isEqualTo(3);
        assertThat(tests.get(1).get("status").asText()).isEqualTo("failed");
        assertThat(tests.get(1).get("max_score").asInt()).isEqualTo(5);
        assertThat(tests.get(1).get("output").asText()).isEqualTo("expected 1\nbut was 2\n\nHint: look at the loop");
        assertThat(tests.get(2).get("output").asText()).endsWith("\nHint: fork");
    }

    @Test
    void writerPutsThreeFilesInTheOutputFolder(@TempDir Path dir) throws Exception {
        new ReportWriter().write(sample(), dir.resolve("out"));
        assertThat(dir.resolve("out/report.md")).isRegularFile();
        assertThat(json.readTree(dir.resolve("out/report.json").toFile()).get("max").asInt()).isEqualTo(18);
        assertThat(json.readTree(dir.resolve("out/results.json").toFile()).get("tests")).hasSize(3);
    }

    @Test
    void gradebookHasOneRowPerStudentAndQuotesOddNames() {
        var reports = new LinkedHashMap<String, GradeReport>();
        reports.put("alice", sample());
        reports.put("=cmd,\"x\"", new GradeReport("x", Instant.EPOCH, List.of(), List.of()));
        String csv = Gradebook.render(List.of("task01", "task02"), reports);
        assertThat(csv.split("\r\n")).containsExactly(
                "student,task01,task02,total,max,percent",
                "alice,3,0,3,18,16.7",
                "\"'=cmd,\"\"x\"\"\",,,0,0,0");
    }

    @Test
    void consoleSummaryFitsOnAScreen() {
        String summary = ConsoleSummary.render(sample());
        assertThat(summary).contains("task01").contains("37.5%").contains("✗ blocks | pipes (5 pts): expected 1")
                .contains("compile-error (not submitted)").contains("B.java:[3,7] cannot find symbol")
                .contains("TOTAL");
        assertThat(summary.lines().count()).isLessThan(25);
    }

    @Test
    void codeBlocksSurviveBackticksInMessages() {
        assertThat(Text.codeBlock("a ``` b")).startsWith("````text\n").endsWith("\n````\n");
    }

    @Test
    void reportFilesAreUtf8(@TempDir Path dir) throws Exception {
        new ReportWriter().write(sample(), dir);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("✅");
    }
}
