package dev.clusterlab.grader.watch;

import dev.clusterlab.grader.grading.Grader;
import dev.clusterlab.grader.grading.MavenRunner;
import dev.clusterlab.grader.grading.WorkTree;
import dev.clusterlab.grader.model.TaskResult;
import dev.clusterlab.grader.repo.Repo;
import dev.clusterlab.grader.results.CheckScanner;
import dev.clusterlab.grader.results.MavenLog;
import dev.clusterlab.grader.results.ResultCollector;
import dev.clusterlab.grader.results.ResultReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one lab's graded checks in the repository itself (where the student edits, unlike grading,
 * which works on a copy) and reads the outcome the same way the grader does: checks and points
 * from the pristine test sources, pass or fail from the testkit's result files, compiler errors
 * from Maven's log.
 */
public final class CheckRun {
    /** Where, inside the lab module, the log of the last run is kept. */
    public static final String LOG = "target/clusterlab-watch-maven.log";

    private final Repo repo;
    private final MavenRunner maven;
    private final CheckScanner scanner = new CheckScanner();
    private final ResultReader reader = new ResultReader();
    private final ResultCollector collector = new ResultCollector();

    /** Runs checks of {@code repo}'s labs with {@code maven}. */
    public CheckRun(Repo repo, MavenRunner maven) {
        this.repo = repo;
        this.maven = maven;
    }

    /** Runs {@code task}'s checks once and returns what they found. */
    public TaskResult run(String task) throws IOException, InterruptedException {
        Path module = repo.lab(task);
        Path results = module.resolve(ResultReader.RESULTS_DIR);
        // A result file of an earlier run would pass for a check that did not run this time.
        WorkTree.delete(results);
        Path log = module.resolve(LOG);
        Files.createDirectories(log.getParent());
        maven.run(repo.root(), Grader.checkRunArgs(List.of(task)), log);
        MavenLog parsed = MavenLog.parse(MavenLog.readLines(log),
                List.of(repo.root().toString(), repo.root().toRealPath().toString()));
        return collector.collect(task, true, scanner.scan(repo.labTests(task), repo.root()), reader.read(results),
                parsed, List.of());
    }
}
