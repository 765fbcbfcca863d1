package dev.clusterlab.grader.grading;

import static dev.clusterlab.grader.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlab.grader.TestFiles;
import dev.clusterlab.grader.model.GradeReport;
import dev.clusterlab.grader.model.TaskResult;
import dev.clusterlab.grader.repo.Repo;
import dev.clusterlab.grader.results.CheckScanner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraderTest {
    @TempDir
    Path dir;

    private Repo repo;
    private final FakeMaven maven = new FakeMaven();
    private final StringWriter progress = new StringWriter();
    private Path work;

    @BeforeEach
    void setUp() {
        repo = new Repo(TestFiles.repo(dir.resolve("repo")));
        work = dir.resolve("work");
    }

    private Grader grader(boolean install) {
        return new Grader(repo, maven, new GradeOptions(List.of("task01", "task02"), install, false, work, List.of()),
                new PrintWriter(progress, true), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }

    @Test
    void gradesOnlyTheSubmittedMainAgainstPristineChecks() throws Exception {
        Path sub = dir.resolve("alice");
        write(sub, "labs/task01/src/main/java/Server.java", "class Server { /* SOLVED */ }");
        // A student's own tests and poms are never used.
        write(sub, "labs/task01/src/test/java/Extra.java", "class Extra { @Points(100) @Test void free() {} }");
        write(sub, "labs/task01/pom.xml", "<evil/>");

        GradeReport report = grader(true).grade(DirectorySubmission.locate(sub, "alice"), dir.resolve("out"));

        TaskResult task01 = report.tasks().get(0);
        TaskResult task02 = report.tasks().get(1);
        assertThat(task01.score()).isEqualTo(8);
        assertThat(task01.submitted()).isTrue();
        assertThat(task02.score()).isZero();
        assertThat(task02.max()).isEqualTo(10);
        assertThat(task02.submitted()).isFalse();
        assertThat(task02.notes()).containsExactly("The submission has no task02/src/main: the untouched lab was graded",
                "The output of the apps the checks started (target/testkit-logs in messages) is in testkit-logs/task02/ next to this report");
        assertThat(report.percent()).isEqualTo(44.4);
        assertThat(maven.observations).containsExactly("target copied: false", "task01 tests: false", "task02 tests: false");
        assertThat(maven.calls).hasSize(2);
        assertThat(maven.calls.get(0)).containsSubsequence("install", "-pl",
                "support/runtime,support/workloads,support/testkit", "-am");
        assertThat(maven.calls.get(1)).containsSubsequence("-pl", "labs/task01,labs/task02", "test", "-fae",
                "-Dmaven.test.failure.ignore=true");
        assertThat(dir.resolve("out")).isDirectoryContaining(p -> p.getFileName().toString().equals("report.md"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals("results.json"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals("report.json"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals("maven.log"));
        assertThat(dir.resolve("out/testkit-logs/task01/Checks.app-1.log")).hasContent("app output of task01");
        assertThat(task01.notes()).as("all passed: no pointer to logs").isEmpty();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("work trees are deleted").isEmpty();
        }
        assertThat(Files.readString(repo.root().resolve("labs/task01/src/main/java/dev/clusterlab/task01/Server.java")))
                .as("the pristine repository is untouched").contains("lab");
    }

    @Test
    void solutionsScoreEverything() throws Exception {
        GradeReport report = grader(false).grade(new SolutionsSubmission(repo), dir.resolve("out"));
        assertThat(report.percent()).isEqualTo(100.0);
        assertThat(maven.calls).hasSize(1);
    }

    @Test
    void aReusedTestRunScoresWhatTheSolutionsChecksLeftWithoutRunningMaven() throws Exception {
        // What ./workbook test leaves behind: task01's checks ran (one failed), task02's never did.
        var json = new ObjectMapper();
        for (var c : new CheckScanner().scan(repo.labTests("task01"), repo.root()).checks()) {
            boolean passed = c.points() != 3;
            write(repo.root(), "solutions/task01/target/clusterlab-results/" + c.className() + "#" + c.method() + ".json",
                    json.writeValueAsString(Map.of("task", "task01", "check", c.method(), "className", c.className(),
                            "method", c.method(), "points", c.points(), "passed", passed, "durationMillis", 1)));
        }

        GradeReport report = grader(false).scoreSolutionsTestRun(dir.resolve("out"));

        assertThat(maven.calls).as("nothing runs again").isEmpty();
        assertThat(report.tasks().get(0).score()).as("task01: the 5-point check passed, the 3-point one failed").isEqualTo(5);
        assertThat(report.tasks().get(1).score()).isZero();
        assertThat(report.tasks().get(1).notes()).singleElement().asString()
                .contains("No results in solutions/task02/target/clusterlab-results", "run ./workbook test first");
        assertThat(dir.resolve("out/report.md")).exists();
    }

    @Test
    void untouchedLabsScoreNothing() throws Exception {
        GradeReport report = grader(false).grade(DirectorySubmission.locate(repo.root(), "repo"), dir.resolve("out"));
        assertThat(report.score()).isZero();
        assertThat(report.max()).isEqualTo(18);
    }

    @Test
    void compileErrorsAreAttributedToTheirTask() throws Exception {
        Path sub = dir.resolve("bob");
        write(sub, "task01/src/main/java/Server.java", "class Server { /* SOLVED */ }");
        write(sub, "task02/src/main/java/Broken.java", "BROKEN");

        GradeReport report = grader(false).grade(DirectorySubmission.locate(sub, "bob"), dir.resolve("out"));

        assertThat(report.tasks().get(0).score()).isEqualTo(8);
        TaskResult task02 = report.tasks().get(1);
        assertThat(task02.status()).isEqualTo("compile-error");
        assertThat(task02.compileErrors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("labs/task02/src/main/java/Broken.java");
            assertThat(e.details()).containsExactly("  symbol: BROKEN");
        });
        assertThat(Files.readString(dir.resolve("out/report.md")))
                .contains("Your code in labs/task02/src/main does not compile: fix the errors below, then run ./mvnw -pl labs/task02 test");
    }

    @Test
    void submissionInsideASingleFolderIsFound() {
        Path sub = dir.resolve("zip");
        write(sub, "clusterlab-main/labs/task01/src/main/java/A.java", "x");
        assertThat(DirectorySubmission.locate(sub, "zip").labsRoot()).isEqualTo(sub.resolve("clusterlab-main/labs").toAbsolutePath());
        assertThatThrownBy(() -> DirectorySubmission.locate(dir.resolve("nothing"), "x"))
                .isInstanceOf(NoLabsFoundException.class)
                .hasMessageContaining("labs/taskNN/src/main");
    }

    @Test
    void batchGradesEveryStudentInstallsOnceAndWritesAGradebook() throws Exception {
        Path batch = dir.resolve("batch");
        write(batch, "alice/labs/task01/src/main/java/A.java", "SOLVED");
        write(batch, "alice/labs/task02/src/main/java/B.java", "SOLVED");
        write(batch, "bob/task02/src/main/java/B.java", "SOLVED");
        write(batch, "carol/readme.txt", "I forgot to upload");
        write(dir, "out/carol/maven.log", "from an earlier run, when carol had labs");

        var reports = new BatchGrader(grader(true), new PrintWriter(progress, true)).grade(batch, dir.resolve("out"));

        assertThat(reports.keySet()).containsExactly("alice", "bob", "carol");
        assertThat(maven.calls.stream().filter(c -> c.contains("install")).count()).isEqualTo(1);
        assertThat(maven.calls.stream().filter(c -> c.contains("test")).count()).as("carol has nothing to run").isEqualTo(2);
        assertThat(Files.readString(dir.resolve("out/gradebook.csv")).split("\r\n")).containsExactly(
                "student,task01,task02,total,max,percent",
                "alice,8,10,18,18,100",
                "bob,0,10,10,18,55.6",
                "carol,0,0,0,18,0");
        assertThat(dir.resolve("out/carol/report.md")).content().contains("Not graded: no labs found");
        assertThat(dir.resolve("out/carol/maven.log")).as("an earlier run's log would mislead").doesNotExist();
        assertThat(dir.resolve("out/bob/report.json")).exists();
    }
}
