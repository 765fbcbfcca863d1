package dev.clusterlab.grader.cli;

import dev.clusterlab.grader.GraderCli;
import dev.clusterlab.grader.grading.BatchGrader;
import dev.clusterlab.grader.grading.DirectorySubmission;
import dev.clusterlab.grader.grading.GradeOptions;
import dev.clusterlab.grader.grading.Grader;
import dev.clusterlab.grader.grading.MavenRunner;
import dev.clusterlab.grader.grading.NoLabsFoundException;
import dev.clusterlab.grader.grading.SolutionsSubmission;
import dev.clusterlab.grader.grading.Submission;
import dev.clusterlab.grader.model.GradeReport;
import dev.clusterlab.grader.model.Percent;
import dev.clusterlab.grader.repo.Repo;
import dev.clusterlab.grader.report.ConsoleSummary;
import dev.clusterlab.grader.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code grade}: grades one submission, the reference solutions, or a folder of submissions. */
@Command(name = "grade", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Grades a submission in a clean copy of the repository: only each labs/taskNN/src/main "
                + "is taken from the submission, never its tests or poms.",
            "Writes report.md, report.json, Gradescope's results.json, maven.log and the checks' app logs "
                + "(testkit-logs/) into --out."})
public final class GradeCommand implements Callable<Integer> {
    /** What to grade: exactly one of these. */
    static final class Source {
        @Option(names = "--submission", paramLabel = "DIR", required = true,
                description = "A copy of the repository, or just its labs/ folder.")
        Path submission;

        @Option(names = "--solutions", required = true,
                description = "Grade solutions/taskNN/src/main as if submitted (CI: must score 100%%).")
        boolean solutions;

        @Option(names = "--batch", paramLabel = "DIR", required = true,
                description = "A folder with one submission per sub-folder (its name is the student id); "
                        + "writes OUT/<student>/ and OUT/gradebook.csv.")
        Path batch;
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private RepoOption repoOption;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "grading-report",
            description = "Where reports go (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--tasks", paramLabel = "taskNN", split = ",",
            description = "Only these tasks, comma-separated (default: every lab).")
    private List<String> tasks;

    @Option(names = "--expect-percent", paramLabel = "N",
            description = "Exit 1 unless the total percent is N (one decimal); CI proves untouched labs score 0 and solutions 100.")
    private Double expectPercent;

    @Option(names = "--no-install",
            description = "Do not install support/runtime, support/workloads and support/testkit first (they are already in the local Maven repository).")
    private boolean noInstall;

    @Option(names = "--reuse-test-run",
            description = "With --solutions: score the results ./workbook test left in solutions/taskNN/target/clusterlab-results "
                    + "instead of running the checks again (CI runs them once).")
    private boolean reuseTestRun;

    @Option(names = "--keep-work", description = "Keep the temporary work trees (their paths are printed).")
    private boolean keepWork;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where temporary work trees go (default: the system temp folder).")
    private Path workDir;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "60",
            description = "Stop a Maven run after this many minutes (default: ${DEFAULT-VALUE}).")
    private int timeoutMinutes;

    @Mixin
    private MavenOptions maven;

    /** Builds the Maven runner; tests swap in one that does not start Maven. */
    private Function<GradeCommand, MavenRunner> mavenFactory = c -> c.maven.runner(Duration.ofMinutes(c.timeoutMinutes));

    /** Lets tests grade without running Maven. */
    GradeCommand withMaven(Function<GradeCommand, MavenRunner> factory) {
        this.mavenFactory = factory;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        Repo repo = repoOption.resolve();
        validate();
        List<String> selected = TaskSelection.select(spec, gradableTasks(repo), tasks, "a labs/taskNN/pom.xml listed in the root pom.xml");
        PrintWriter stdout = spec.commandLine().getOut();
        var options = new GradeOptions(selected, !noInstall, keepWork, workDir == null ? null : workDir.toAbsolutePath(),
                excludedFromCopy());
        var grader = new Grader(repo, mavenFactory.apply(this), options, stdout, Clock.systemUTC());

        if (source.batch != null) {
            createOut();
            var reports = new BatchGrader(grader, stdout).grade(source.batch, out);
            stdout.println();
            stdout.println("graded " + reports.size() + " submission(s); gradebook: " + out.resolve(BatchGrader.GRADEBOOK));
            return GraderCli.OK;
        }
        Submission submission = source.solutions ? new SolutionsSubmission(repo) : locateSubmission();
        createOut();
        GradeReport report = reuseTestRun ? grader.scoreSolutionsTestRun(out) : grader.grade(submission, out);
        stdout.println();
        stdout.print(ConsoleSummary.render(report));
        stdout.println("reports: " + out.resolve(ReportWriter.MARKDOWN) + ", " + ReportWriter.JSON + ", "
                + ReportWriter.GRADESCOPE + ", " + Grader.MAVEN_LOG);
        if (expectPercent != null) {
            double expected = Percent.round(expectPercent);
            if (report.percent() != expected) {
                spec.commandLine().getErr().println("expected " + Percent.format(expected) + "% but the total is "
                        + Percent.format(report.percent()) + "% (" + report.score() + " / " + report.max() + ")");
                return GraderCli.FAILED;
            }
            stdout.println("total is " + Percent.format(expected) + "% as expected");
        }
        return GraderCli.OK;
    }

    private void validate() {
        if (source.submission != null && !Files.isDirectory(source.submission)) {
            throw usage("--submission " + source.submission + " is not a directory");
        }
        if (source.batch != null && !Files.isDirectory(source.batch)) {
            throw usage("--batch " + source.batch + " is not a directory");
        }
        if (expectPercent != null && source.batch != null) {
            throw usage("--expect-percent checks one submission; it cannot be used with --batch");
        }
        if (expectPercent != null && (expectPercent < 0 || expectPercent > 100 || expectPercent.isNaN())) {
            throw usage("--expect-percent must be between 0 and 100, not " + expectPercent);
        }
        if (reuseTestRun && !source.solutions) {
            throw usage("--reuse-test-run scores the solutions' own test run; use it with --solutions");
        }
        if (timeoutMinutes <= 0) {
            throw usage("--timeout must be a positive number of minutes, not " + timeoutMinutes);
        }
    }

    /** Creates {@code --out} before grading: a folder that cannot take the reports must fail before Maven runs, not after. */
    private void createOut() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw usage("--out " + out + " is a file; pass a directory for the reports");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw usage("--out " + out + " cannot be created (" + GraderCli.describe(e) + "); pass another directory");
        }
    }

    private Submission locateSubmission() {
        try {
            return DirectorySubmission.locate(source.submission, source.submission.toAbsolutePath().normalize().toString());
        } catch (NoLabsFoundException e) {
            throw usage(e.getMessage());
        }
    }

    /** Labs with a pom that the reactor lists: Maven's {@code -pl} rejects any other. */
    private static List<String> gradableTasks(Repo repo) {
        Set<String> reactor = repo.labModulesInReactor();
        return repo.labTasks().stream().filter(t -> reactor.isEmpty() || reactor.contains(t)).toList();
    }

    /** Report and work folders inside the repository must not be copied into the work tree. */
    private List<Path> excludedFromCopy() {
        var excluded = new ArrayList<Path>();
        excluded.add(out.toAbsolutePath().normalize());
        if (workDir != null) {
            excluded.add(workDir.toAbsolutePath().normalize());
        }
        return excluded;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
