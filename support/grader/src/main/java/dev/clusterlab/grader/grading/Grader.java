package dev.clusterlab.grader.grading;

import dev.clusterlab.grader.GraderException;
import dev.clusterlab.grader.model.GradeReport;
import dev.clusterlab.grader.model.TaskResult;
import dev.clusterlab.grader.repo.Repo;
import dev.clusterlab.grader.report.ReportWriter;
import dev.clusterlab.grader.results.CheckScanner;
import dev.clusterlab.grader.results.MavenLog;
import dev.clusterlab.grader.results.ResultCollector;
import dev.clusterlab.grader.results.ResultReader;
import dev.clusterlab.grader.results.TaskChecks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Grades submissions: copies the pristine repository into a temporary tree, puts the submission's
 * {@code src/main} folders in place (never its tests or poms), runs the graded checks with one Maven
 * invocation, and writes the reports.
 */
public final class Grader {
    /** The log of the check run, copied into each report folder. */
    public static final String MAVEN_LOG = "maven.log";
    /**
     * The modules the labs depend on, installed into the local Maven repository before the first
     * check run (the check run builds only {@code labs/...}): runtime and workloads (main), testkit (test).
     */
    public static final List<String> SUPPORT_MODULES =
            List.of("support/runtime", "support/workloads", "support/testkit");
    private static final String SUPPORT_MODULES_TEXT = String.join(", ", SUPPORT_MODULES);
    private static final int LOG_TAIL = 30;

    private final Repo repo;
    private final MavenRunner maven;
    private final GradeOptions options;
    private final PrintWriter progress;
    private final Clock clock;
    private final CheckScanner scanner = new CheckScanner();
    private final ResultReader reader = new ResultReader();
    private final ResultCollector collector = new ResultCollector();
    private final ReportWriter writer = new ReportWriter();
    private final Map<String, TaskChecks> expected = new LinkedHashMap<>();
    private boolean installed;

    /** A grader for {@code repo}'s pristine checks. */
    public Grader(Repo repo, MavenRunner maven, GradeOptions options, PrintWriter progress, Clock clock) {
        this.repo = repo;
        this.maven = maven;
        this.options = options;
        this.progress = progress;
        this.clock = clock;
        this.installed = !options.install();
    }

    /** The tasks graded. */
    public List<String> tasks() {
        return options.tasks();
    }

    /** Grades one submission and writes its reports into {@code outDir}. */
    public GradeReport grade(Submission submission, Path outDir) throws IOException, InterruptedException {
        Path tree = WorkTree.copyOf(repo.root(), options.workBase(), options.excluded());
        // Ctrl-C skips the finally below; the hook still removes the temporary tree.
        Thread cleanUpOnExit = new Thread(() -> cleanUp(tree), "delete-work-tree");
        Runtime.getRuntime().addShutdownHook(cleanUpOnExit);
        try {
            installOnce(tree);
            var notes = new LinkedHashMap<String, List<String>>();
            for (String task : options.tasks()) {
                var main = submission.mainFor(task);
                if (main.isPresent()) {
                    WorkTree.replaceMain(tree, task, main.get());
                    notes.put(task, List.of());
                } else {
                    notes.put(task, List.of("The submission has no " + task + "/src/main: the untouched lab was graded"));
                }
            }
            progress.printf("running the checks of %s ...%n", String.join(", ", options.tasks()));
            progress.flush();
            Path log = tree.resolve("clusterlab-grade-" + MAVEN_LOG);
            MavenRun run = maven.run(tree, testArgs(), log);
            MavenLog parsed = MavenLog.parse(MavenLog.readLines(log), List.of(tree.toString(), tree.toRealPath().toString()));

            var results = new ArrayList<TaskResult>();
            forgetEarlierLogs(outDir);
            for (String task : options.tasks()) {
                results.add(collect(task, tree.resolve("labs").resolve(task), submission.mainFor(task).isPresent(),
                        parsed, notes.get(task), outDir));
            }
            var reportNotes = new ArrayList<String>();
            if (run.timedOut()) {
                reportNotes.add("Maven did not finish in time and was stopped; checks without results count as failed");
            }
            GradeReport report = new GradeReport(submission.label(), clock.instant(), results, reportNotes);
            writer.write(report, outDir);
            if (Files.exists(log)) {
                Files.copy(log, outDir.resolve(MAVEN_LOG), StandardCopyOption.REPLACE_EXISTING);
            }
            return report;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUpOnExit);
            } catch (IllegalStateException e) {
                // already shutting down: the hook does the clean-up
            }
            cleanUp(tree);
        }
    }

    /**
     * Scores the results that a test run of the repository itself (the README's {@code ./workbook test})
     * left in each {@code solutions/taskNN/target/clusterlab-results}, without running the checks again:
     * the solutions run the labs' checks, so CI proves they score 100% from the one run it already made.
     * A task without results scores 0, with a note saying to run the tests first.
     */
    public GradeReport scoreSolutionsTestRun(Path outDir) throws IOException {
        forgetEarlierLogs(outDir);
        var results = new ArrayList<TaskResult>();
        for (String task : options.tasks()) {
            Path module = repo.solutionsDir().resolve(task);
            boolean ran = Files.isDirectory(module.resolve(ResultReader.RESULTS_DIR));
            results.add(collect(task, module, true, null, ran ? List.of()
                    : List.of("No results in solutions/" + task + "/" + ResultReader.RESULTS_DIR
                            + ": run ./workbook test first, or grade without --reuse-test-run"), outDir));
        }
        GradeReport report = new GradeReport("solutions (the checks the last test run of " + repo.solutionsDir()
                + " ran)", clock.instant(), results, List.of());
        writer.write(report, outDir);
        return report;
    }

    /** One task's result from the results folder of {@code module}; failed tasks point at the apps' logs. */
    private TaskResult collect(String task, Path module, boolean submitted, MavenLog log, List<String> notes,
            Path outDir) throws IOException {
        ResultReader.Read read = reader.read(module.resolve(ResultReader.RESULTS_DIR));
        TaskResult result = collector.collect(task, submitted, expectedChecks(task), read, log, notes);
        Optional<String> logsNote = AppLogs.copy(module, task, outDir);
        // Failure messages point at these logs; a task that passed needs no pointer.
        return logsNote.isPresent() && result.passedCount() < result.checks().size()
                ? result.withNote(logsNote.get()) : result;
    }

    /**
     * A report for a submission that could not be graded at all (no labs in it): every check fails
     * with {@code reason}, and Maven is not run.
     */
    public GradeReport notGraded(String label, String reason, Path outDir) throws IOException {
        var results = new ArrayList<TaskResult>();
        for (String task : options.tasks()) {
            results.add(collector.collect(task, false, expectedChecks(task),
                    new ResultReader.Read(List.of(), List.of()), null, List.of("Not graded: " + reason)));
        }
        GradeReport report = new GradeReport(label, clock.instant(), results, List.of("Not graded: " + reason));
        writer.write(report, outDir);
        forgetEarlierLogs(outDir);
        return report;
    }

    /** Removes the logs an earlier run left in {@code outDir}: next to this run's report they would mislead. */
    private static void forgetEarlierLogs(Path outDir) throws IOException {
        Files.deleteIfExists(outDir.resolve(MAVEN_LOG));
        WorkTree.delete(outDir.resolve(AppLogs.FOLDER));
    }

    private List<String> testArgs() {
        return checkRunArgs(options.tasks());
    }

    /** Maven's arguments that run the graded checks of {@code tasks}' labs (in any tree of the repository's shape). */
    public static List<String> checkRunArgs(List<String> tasks) {
        String modules = tasks.stream().map(t -> "labs/" + t).collect(Collectors.joining(","));
        // -fae and ignoring test failures let every task run even when one does not compile.
        return List.of("-B", "-pl", modules, "test", "-fae", "-Dmaven.test.failure.ignore=true", "-DskipLabChecks=false");
    }

    private void installOnce(Path tree) throws IOException, InterruptedException {
        if (installed) {
            return;
        }
        progress.println("installing " + SUPPORT_MODULES_TEXT + " into the local Maven repository ...");
        progress.flush();
        Path log = tree.resolve("clusterlab-install-" + MAVEN_LOG);
        MavenRun run = maven.run(tree, List.of("-B", "-q", "install", "-DskipTests",
                "-pl", String.join(",", SUPPORT_MODULES), "-am"), log);
        if (run.exitCode() != 0) {
            List<String> lines = MavenLog.readLines(log);
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL), lines.size()));
            throw new GraderException("installing " + SUPPORT_MODULES_TEXT + " failed"
                    + (run.timedOut() ? " (timed out)" : " (exit " + run.exitCode() + ")")
                    + "; the end of Maven's output:\n" + tail);
        }
        installed = true;
    }

    private TaskChecks expectedChecks(String task) throws IOException {
        TaskChecks checks = expected.get(task);
        if (checks == null) {
            checks = scanner.scan(repo.labTests(task), repo.root());
            expected.put(task, checks);
        }
        return checks;
    }

    private void cleanUp(Path tree) {
        if (options.keepWork()) {
            progress.println("kept the work tree: " + tree);
            return;
        }
        try {
            WorkTree.delete(tree);
        } catch (IOException e) {
            progress.println("warning: could not delete the work tree " + tree + ": " + e.getMessage());
        }
    }
}
