package dev.clusterlab.grader.cli;

import dev.clusterlab.grader.GraderCli;
import dev.clusterlab.grader.grading.MavenRunner;
import dev.clusterlab.grader.model.TaskResult;
import dev.clusterlab.grader.repo.Repo;
import dev.clusterlab.grader.report.ProgressReport;
import dev.clusterlab.grader.watch.CheckRun;
import dev.clusterlab.grader.watch.SourceWatcher;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code watch}: a student's loop, as rustlings' watch mode: run the checks, wait for a save, run them again. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the graded checks of labs/TASK against the code there, then again each time a file "
                + "under labs/TASK/src/main changes. Prints one progress line per run, then the first thing to fix.",
            "Ctrl-C stops it, and the JVMs the checks started with it."})
public final class WatchCommand implements Callable<Integer> {
    /** How long the files must stay unchanged before a run starts (an editor's save is a burst of events). */
    private static final Duration QUIET = Duration.ofMillis(300);

    @Spec
    private CommandSpec spec;

    @Mixin
    private RepoOption repoOption;

    @Parameters(index = "0", paramLabel = "TASK", description = "The task: 3, task3 or task03.")
    private String task;

    @Option(names = "--once", description = "Run the checks once and exit (0 when every check passes, else 1).")
    private boolean once;

    @Mixin
    private MavenOptions maven;

    /** Builds the Maven runner; tests swap in one that does not start Maven. */
    private Function<WatchCommand, MavenRunner> mavenFactory = c -> c.maven.runner(Duration.ofMinutes(30));

    /** Lets tests watch without running Maven. */
    WatchCommand withMaven(Function<WatchCommand, MavenRunner> factory) {
        this.mavenFactory = factory;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        Repo repo = repoOption.resolve();
        String t = TaskSelection.select(spec, repo.labTasks(), List.of(task), "a labs/taskNN/pom.xml").getFirst();
        Path main = repo.labMain(t);
        if (!Files.isDirectory(main)) {
            throw new ParameterException(spec.commandLine(), main + " does not exist: nothing to watch");
        }
        PrintWriter out = spec.commandLine().getOut();
        var checks = new CheckRun(repo, mavenFactory.apply(this));
        String log = repo.root().relativize(repo.lab(t).resolve(CheckRun.LOG)).toString();
        try (var watcher = once ? null : new SourceWatcher(main)) {
            while (true) {
                out.printf("%n[%s] running the checks of %s ...%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), t);
                out.flush();
                TaskResult result = checks.run(t);
                out.print(ProgressReport.render(result, log));
                boolean done = !result.checks().isEmpty() && result.passedCount() == result.checks().size();
                if (once) {
                    out.flush();
                    return done ? GraderCli.OK : GraderCli.FAILED;
                }
                out.printf("%nwatching %s: save a file to run the checks again (Ctrl-C stops)%n",
                        repo.root().relativize(main));
                out.flush();
                Set<Path> changed = watcher.awaitChange(QUIET);
                out.println("changed: " + changed.stream().limit(3).map(p -> repo.root().relativize(p).toString())
                        .collect(Collectors.joining(", ")) + (changed.size() > 3 ? ", ..." : ""));
            }
        }
    }
}
