package dev.clusterlab.grader.cli;

import static dev.clusterlab.grader.TestFiles.read;
import static dev.clusterlab.grader.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.grader.GraderCli;
import dev.clusterlab.grader.TestFiles;
import dev.clusterlab.grader.grading.FakeMaven;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GraderCliTest {
    @TempDir
    Path dir;

    private Path repo;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final FakeMaven maven = new FakeMaven();

    @BeforeEach
    void setUp() {
        repo = TestFiles.repo(dir.resolve("repo"));
    }

    private int run(String... args) {
        CommandLine.IFactory fake = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == GradeCommand.class) {
                    return (K) new GradeCommand().withMaven(c -> maven);
                }
                return cls == WatchCommand.class ? (K) new WatchCommand().withMaven(c -> maven)
                        : CommandLine.defaultFactory().create(cls);
            }
        };
        return GraderCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), fake);
    }

    // ---- usage errors: exit 2 with a message ----

    @Test
    void noSubcommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required subcommand").contains("Usage:");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("grade", "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'").contains("Usage: clusterlab-grader grade");
    }

    @Test
    void gradeNeedsExactlyOneSource() {
        assertThat(run("grade", "--repo", repo.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required argument");
        err.getBuffer().setLength(0);
        assertThat(run("grade", "--repo", repo.toString(), "--submission", repo.toString(), "--solutions")).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void badDirectoriesAndValuesAreUsageErrors() {
        assertThat(run("grade", "--repo", dir.resolve("nowhere").toString(), "--solutions")).isEqualTo(2);
        assertThat(err.toString()).contains("is not a clusterlab repository");

        assertThat(run("grade", "--repo", repo.toString(), "--submission", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a directory");

        write(dir, "empty/notes.txt", "no labs here");
        assertThat(run("grade", "--repo", repo.toString(), "--submission", dir.resolve("empty").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no labs found in");

        assertThat(run("grade", "--repo", repo.toString(), "--batch", repo.toString(), "--expect-percent", "100")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot be used with --batch");

        assertThat(run("grade", "--repo", repo.toString(), "--solutions", "--expect-percent", "150")).isEqualTo(2);
        assertThat(err.toString()).contains("between 0 and 100");

        assertThat(run("grade", "--repo", repo.toString(), "--solutions", "--expect-percent", "lots")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--expect-percent'");

        // Before Maven runs, not after: a bad --out must not cost a whole grading run.
        write(dir, "a-file", "x");
        assertThat(run("grade", "--repo", repo.toString(), "--solutions", "--out", dir.resolve("a-file").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--out " + dir.resolve("a-file") + " is a file");
        assertThat(run("grade", "--repo", repo.toString(), "--solutions", "--out", dir.resolve("a-file/out").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--out " + dir.resolve("a-file/out") + " cannot be created (");
        assertThat(maven.calls).isEmpty();
    }

    @Test
    void unknownTasksAreUsageErrors() {
        assertThat(run("grade", "--repo", repo.toString(), "--solutions", "--tasks", "task01,task09")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown task task09").contains("task01, task02");

        assertThat(run("generate-labs", "--repo", repo.toString(), "--task", "banana")).isEqualTo(2);
        assertThat(err.toString()).contains("'banana' is not a task name");
    }

    @Test
    void fileErrorsSayWhatIsWrongWithThePath() {
        assertThat(GraderCli.describe(new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("/x/y"))))
                .isEqualTo("/x/y: no such file or directory");
        assertThat(GraderCli.describe(new java.nio.file.AccessDeniedException("/x"))).isEqualTo("/x: permission denied");
        assertThat(GraderCli.describe(new java.nio.file.FileSystemException("/x", null, "Not a directory")))
                .isEqualTo("/x: Not a directory");
        assertThat(GraderCli.describe(new java.io.IOException("disk full"))).isEqualTo("disk full");
    }

    @Test
    void helpExitsZero() {
        assertThat(run("grade", "--help")).isZero();
        assertThat(out.toString()).contains("--submission=DIR").contains("--expect-percent=N").contains("--no-install");
    }

    // ---- generate-labs and check-labs ----

    @Test
    void generateThenCheckIsInSync() {
        write(repo, "solutions/task01/src/main/java/dev/clusterlab/task01/Server.java", """
                class Server {
                    int port() {
                        // BEGIN SOLUTION read "PORT"
                        return 8080;
                        // END SOLUTION
                    }
                }
                """);
        assertThat(run("check-labs", "--repo", repo.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains("changed  labs/task01/src/main/java/dev/clusterlab/task01/Server.java")
                .contains("+        throw new UnsupportedOperationException(\"TODO(task01): read \\\"PORT\\\"\");")
                .contains("run ./workbook generate-labs (or java -jar");

        assertThat(run("generate-labs", "--repo", repo.toString(), "--task", "1")).isZero();
        assertThat(out.toString()).contains("task01: 1 written, 0 unchanged, 0 deleted");
        assertThat(read(repo, "labs/task01/src/main/java/dev/clusterlab/task01/Server.java"))
                .contains("throw new UnsupportedOperationException(\"TODO(task01): read \\\"PORT\\\"\");")
                .doesNotContain("8080");

        assertThat(run("generate-labs", "--repo", repo.toString())).isZero();
        assertThat(run("check-labs", "--repo", repo.toString())).isZero();
        assertThat(out.toString()).contains("labs are in sync with the solutions (task01, task02)");
        assertThat(read(repo, "labs/task01/src/test/java/dev/clusterlab/task01/ServerChecks.java")).contains("@Points(3)");
    }

    @Test
    void markerErrorFailsWithFileAndLineAndWritesNothing() throws Exception {
        write(repo, "solutions/task01/src/main/java/A.java", "// BEGIN SOLUTION\n");
        write(repo, "solutions/task02/src/main/java/B.java", "class B {}\n");
        assertThat(run("generate-labs", "--repo", repo.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("error: solutions/task01/src/main/java/A.java:1: BEGIN SOLUTION without a matching END SOLUTION");
        assertThat(Files.exists(repo.resolve("labs/task02/src/main/java/B.java"))).isFalse();
    }

    // ---- grade, with Maven faked ----

    @Test
    void solutionsMeetTheirExpectedPercent() {
        int code = run("grade", "--repo", repo.toString(), "--solutions", "--no-install", "--out", dir.resolve("out").toString(),
                "--expect-percent", "100", "--work-dir", dir.resolve("work").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("TOTAL").contains("100%").contains("total is 100% as expected");
        assertThat(dir.resolve("out/report.md")).exists();
    }

    @Test
    void untouchedLabsScoreZeroAndAWrongExpectationFails() {
        String[] base = {"grade", "--repo", repo.toString(), "--submission", repo.toString(), "--out",
            dir.resolve("out").toString(), "--work-dir", dir.resolve("work").toString()};
        assertThat(run(concat(base, "--expect-percent", "0"))).isZero();
        assertThat(run(concat(base, "--expect-percent", "50"))).isEqualTo(1);
        assertThat(err.toString()).contains("expected 50% but the total is 0% (0 / 18)");
        assertThat(maven.calls.stream().filter(c -> c.contains("install")).count()).as("installs once per run").isEqualTo(2);
    }

    @Test
    void batchWritesAGradebook() {
        write(dir, "batch/alice/labs/task01/src/main/java/A.java", "SOLVED");
        int code = run("grade", "--repo", repo.toString(), "--batch", dir.resolve("batch").toString(), "--tasks", "task01",
                "--out", dir.resolve("out").toString(), "--work-dir", dir.resolve("work").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(read(dir, "out/gradebook.csv")).isEqualTo("student,task01,total,max,percent\r\nalice,8,8,8,100\r\n");
    }

    // ---- watch ----

    @Test
    void watchOnceRunsTheLabsChecksInTheRepoAndPrintsProgressAndTheFirstFailure() {
        int code = run("watch", "--repo", repo.toString(), "--once", "1");
        assertThat(code).as("an untouched lab fails").isEqualTo(1);
        assertThat(out.toString())
                .contains("task01: 0 of 2 checks pass (0 of 8 points)")
                .contains("✗ answers (3 points)")
                .contains("TODO(task01): implement this")
                .contains("Hint: Does the server answer on PORT?");
        assertThat(maven.calls).containsExactly(List.of("-B", "-pl", "labs/task01", "test", "-fae",
                "-Dmaven.test.failure.ignore=true", "-DskipLabChecks=false"));

        write(repo, "labs/task01/src/main/java/dev/clusterlab/task01/Server.java", "class Server { /* SOLVED */ }\n");
        assertThat(run("watch", "--repo", repo.toString(), "--once", "task01")).isZero();
        assertThat(out.toString()).contains("task01: 2 of 2 checks pass (8 of 8 points)").contains("every check passes");
    }

    @Test
    void watchRejectsAnUnknownTask() {
        assertThat(run("watch", "--repo", repo.toString(), "--once", "7")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown task task07");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
