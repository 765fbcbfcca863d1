package dev.clusterlab.grader.watch;

import static dev.clusterlab.grader.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.grader.TestFiles;
import dev.clusterlab.grader.grading.FakeMaven;
import dev.clusterlab.grader.grading.MavenRun;
import dev.clusterlab.grader.model.CheckResult;
import dev.clusterlab.grader.model.TaskResult;
import dev.clusterlab.grader.repo.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckRunTest {
    @TempDir
    Path dir;

    @Test
    void readsTheResultsOfTheRunInTheRepositoryItself() throws Exception {
        Repo repo = new Repo(TestFiles.repo(dir.resolve("repo")));
        write(repo.root(), "labs/task01/src/main/java/dev/clusterlab/task01/Server.java", "class Server { /* SOLVED */ }");
        TaskResult result = new CheckRun(repo, new FakeMaven()).run("task01");
        assertThat(result.checks()).extracting(CheckResult::passed).containsExactly(true, true);
        assertThat(result.score()).isEqualTo(8);
        assertThat(repo.lab("task01").resolve(CheckRun.LOG)).exists();
    }

    @Test
    void aResultLeftByAnEarlierRunDoesNotCount() throws Exception {
        Repo repo = new Repo(TestFiles.repo(dir.resolve("repo")));
        write(repo.root(), "labs/task01/src/main/java/dev/clusterlab/task01/Server.java", "class Server { /* SOLVED */ }");
        new CheckRun(repo, new FakeMaven()).run("task01");
        // This time Maven runs no check at all (say the test JVM crashed).
        TaskResult result = new CheckRun(repo, (tree, args, log) -> {
            Files.writeString(log, "[INFO] BUILD FAILURE\n");
            return new MavenRun(1, false, log);
        }).run("task01");
        assertThat(result.checks()).extracting(CheckResult::ran).containsExactly(false, false);
        assertThat(result.score()).isZero();
    }
}
