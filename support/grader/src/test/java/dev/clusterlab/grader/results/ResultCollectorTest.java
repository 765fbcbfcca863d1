package dev.clusterlab.grader.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.grader.model.CheckResult;
import dev.clusterlab.grader.model.TaskResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultCollectorTest {
    private final ResultCollector collector = new ResultCollector();

    static Path fixtureDir(String name) throws Exception {
        return Path.of(ResultCollectorTest.class.getResource("/fixtures/" + name).toURI());
    }

    private static TaskChecks task01Checks() {
        return new TaskChecks(List.of(
                new ExpectedCheck("dev.clusterlab.task01.ServerChecks", "answers", 3, null, "Does the server answer on PORT?", "A.java:5"),
                new ExpectedCheck("dev.clusterlab.task01.ServerChecks", "blocks", 5, "CPU work blocks the event loop", null, "A.java:9"),
                new ExpectedCheck("dev.clusterlab.task01.MoreChecks", "survivesCrash", 2, null, "Restart it", "B.java:4")),
                List.of());
    }

    @Test
    void sumsPointsOfPassedChecksAndFailsMissingOnes() throws Exception {
        ResultReader.Read read = new ResultReader().read(fixtureDir("results/task01"));
        TaskResult t = collector.collect("task01", true, task01Checks(), read, MavenLog.parse(List.of()), List.of());

        assertThat(t.score()).isEqualTo(3);
        assertThat(t.max()).isEqualTo(10);
        assertThat(t.percent()).isEqualTo(30.0);
        assertThat(t.status()).isEqualTo("partial");
        assertThat(t.checks()).extracting(CheckResult::name, CheckResult::passed, CheckResult::ran, CheckResult::score)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("answers()", true, true, 3),
                        org.assertj.core.groups.Tuple.tuple("CPU work blocks the event loop", false, true, 0),
                        org.assertj.core.groups.Tuple.tuple("survivesCrash()", false, false, 0));
        CheckResult missing = t.checks().get(2);
        assertThat(missing.message()).startsWith("did not run");
        assertThat(missing.hint()).isEqualTo("Restart it");
        assertThat(t.checks().get(1).message()).contains("but it took 3 ms");
        assertThat(t.checks().get(1).durationMillis()).isEqualTo(2310L);
        // The injected result matches no check in the pristine sources: warned about, never scored.
        assertThat(t.warnings()).anyMatch(w -> w.contains("dev.clusterlab.task01.Injected#fake") && w.contains("ignored"));
        assertThat(t.warnings()).anyMatch(w -> w.contains("unreadable result broken#x.json"));
    }

    @Test
    void noResultsMeansEveryCheckFailedAndSaysWhy(@org.junit.jupiter.api.io.TempDir Path empty) throws Exception {
        ResultReader.Read read = new ResultReader().read(empty.resolve("missing"));
        MavenLog log = MavenLog.parse(List.of("[ERROR] Failed to execute goal on project x: Could not resolve dependencies"));
        TaskResult t = collector.collect("task01", true, task01Checks(), read, log, List.of());

        assertThat(t.score()).isZero();
        assertThat(t.max()).isEqualTo(10);
        assertThat(t.checks()).allSatisfy(c -> {
            assertThat(c.ran()).isFalse();
            assertThat(c.message()).isEqualTo("did not run (compile error?): no results were recorded for task01");
        });
        assertThat(t.notes()).singleElement().asString()
                .startsWith("The checks of task01 did not run")
                .contains("Could not resolve dependencies");
    }

    @Test
    void compileErrorsInMainAreAttributedWithTheFixInstructions() throws Exception {
        MavenLog log = MavenLog.parse(MavenLogTest.fixture("maven-compile-error.log"));
        var checks = new TaskChecks(List.of(new ExpectedCheck("p.C", "forks", 10, null, null, "C.java:3")), List.of());
        TaskResult t = collector.collect("task02", true, checks, new ResultReader.Read(List.of(), List.of()), log, List.of());

        assertThat(t.status()).isEqualTo("compile-error");
        assertThat(t.compileErrors()).hasSize(2);
        assertThat(t.notes()).containsExactly("Your code in labs/task02/src/main does not compile: fix the errors below, "
                + "then run ./mvnw -pl labs/task02 test");
        assertThat(t.checks().getFirst().message()).contains("labs/task02/src/main does not compile");

        TaskResult t3 = collector.collect("task03", true, checks, new ResultReader.Read(List.of(), List.of()), log, List.of());
        assertThat(t3.notes().getFirst()).startsWith("The graded checks in labs/task03/src/test do not compile against your code");
    }

    @Test
    void sourcePointsWinOverReportedPoints() {
        var checks = new TaskChecks(List.of(new ExpectedCheck("p.C", "m", 4, null, null, "C.java:3")), List.of());
        var tampered = new ReportedResult("task01", "m", "p.C$Nested", "m", 400, true, null, null, 5L);
        TaskResult t = collector.collect("task01", true, checks, new ResultReader.Read(List.of(tampered), List.of()),
                MavenLog.parse(List.of()), List.of());
        assertThat(t.score()).isEqualTo(4);
        assertThat(t.warnings()).singleElement().asString().contains("the source counts");
    }

    @Test
    void readerFillsIdentityFromTheFileName(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("p.C#m.json"), "{\"passed\": true}");
        var read = new ResultReader().read(dir);
        assertThat(read.results()).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("p.C#m"));
    }
}
