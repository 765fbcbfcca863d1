package dev.clusterlab.grader.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.grader.model.CheckResult;
import dev.clusterlab.grader.model.TaskResult;
import dev.clusterlab.grader.results.CompileError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressReportTest {
    private static final String LOG = "labs/task03/target/clusterlab-watch-maven.log";

    private static CheckResult pass(String name, int points) {
        return new CheckResult(name, "p.C", name, points, points, true, true, null, "hint of " + name, 5L);
    }

    private static CheckResult fail(String name, int points, String message, String hint) {
        return new CheckResult(name, "p.C", name, 0, points, false, true, message, hint, 5L);
    }

    private static TaskResult task(List<CheckResult> checks, List<CompileError> errors, List<String> notes) {
        return new TaskResult("task03", true, checks, errors, notes, List.of());
    }

    @Test
    void progressLineCountsChecksAndPoints() {
        var t = task(List.of(pass("a", 1), pass("b", 2), fail("c", 1, "x", null), pass("d", 2), pass("e", 2),
                fail("f", 2, "y", null)), List.of(), List.of());
        assertThat(ProgressReport.progressLine(t)).isEqualTo("task03: 4 of 6 checks pass (7 of 10 points)");
    }

    @Test
    void showsOnlyTheFirstFailureWithItsMessageAndHintOnce() {
        var t = task(List.of(pass("registry", 2),
                fail("restarts a killed worker", 3, "expected a new pid\nbut was 41\n\nHint: look at Supervisor.exited",
                        "look at Supervisor.exited"),
                fail("gives up on a crash loop", 3, "TODO(task03): give up", "look at giveUp")), List.of(), List.of());
        String text = ProgressReport.render(t, LOG);
        assertThat(text).startsWith("task03: 1 of 3 checks pass (2 of 8 points)\n")
                .contains("✗ restarts a killed worker (3 points)\nexpected a new pid\nbut was 41")
                .contains("the whole run: " + LOG)
                .doesNotContain("gives up on a crash loop");
        assertThat(text.split("look at Supervisor.exited", -1)).as("the hint is printed once").hasSize(2);
    }

    @Test
    void addsTheHintWhenTheMessageLacksIt() {
        var t = task(List.of(fail("answers", 3, "TODO(task03): implement this", "Does the server answer on PORT?")),
                List.of(), List.of());
        assertThat(ProgressReport.render(t, LOG)).contains("TODO(task03): implement this\n\nHint: Does the server answer on PORT?");
    }

    @Test
    void aCompileErrorComesBeforeAnyCheck() {
        var error = new CompileError("task03", "labs/task03/src/main/java/S.java", 12, 5, "';' expected", List.of());
        var t = task(List.of(new CheckResult("answers", "p.C", "answers", 0, 3, false, false, "did not run", "h", null)),
                List.of(error, error), List.of("Your code in labs/task03/src/main does not compile: fix the errors below"));
        String text = ProgressReport.render(t, LOG);
        assertThat(text).startsWith("task03: 0 of 1 checks pass (0 of 3 points)\n")
                .contains("does not compile")
                .contains("labs/task03/src/main/java/S.java:[12,5] ';' expected")
                .contains("(and 1 more compiler errors)")
                .doesNotContain("✗");
    }

    @Test
    void saysSoWhenEverythingPasses() {
        assertThat(ProgressReport.render(task(List.of(pass("a", 1)), List.of(), List.of()), LOG))
                .isEqualTo("task03: 1 of 1 checks pass (1 of 1 points)\nevery check passes: task done\n");
    }
}
