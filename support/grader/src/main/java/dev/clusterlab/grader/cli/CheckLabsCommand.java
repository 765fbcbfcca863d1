package dev.clusterlab.grader.cli;

import dev.clusterlab.grader.GraderCli;
import dev.clusterlab.grader.labs.FileDifference;
import dev.clusterlab.grader.labs.GeneratedLab;
import dev.clusterlab.grader.labs.LabComparer;
import dev.clusterlab.grader.repo.Repo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code check-labs}: fails when a committed lab differs from what {@code generate-labs} makes. */
@Command(name = "check-labs", mixinStandardHelpOptions = true,
        description = "Checks that every labs/taskNN/src/main is exactly what generate-labs makes from "
                + "solutions/taskNN/src/main; exits 1 and shows the differences otherwise.")
public final class CheckLabsCommand implements Callable<Integer> {
    /** What to tell an author whose labs drifted. */
    static final String FIX = "run ./workbook generate-labs (or java -jar support/grader/target/clusterlab-grader.jar generate-labs) and commit the result";

    @Spec
    private CommandSpec spec;

    @Mixin
    private RepoOption repoOption;

    @Mixin
    private LabTaskOption labTasks;

    @Override
    public Integer call() throws IOException {
        Repo repo = repoOption.resolve();
        PrintWriter out = spec.commandLine().getOut();
        List<GeneratedLab> labs = labTasks.generate(repo);
        List<String> selected = labs.stream().map(GeneratedLab::task).toList();
        var comparer = new LabComparer();
        var diffs = new ArrayList<FileDifference>();
        for (GeneratedLab lab : labs) {
            diffs.addAll(comparer.compare(lab, repo.labMain(lab.task())));
        }
        if (!labTasks.narrowed()) {
            repo.labTasks().stream().filter(t -> !selected.contains(t))
                    .forEach(t -> out.println("note: labs/" + t + " has no solutions/" + t + "/src/main; not checked"));
        }
        if (diffs.isEmpty()) {
            out.println("labs are in sync with the solutions (" + String.join(", ", selected) + ")");
            return GraderCli.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println(diffs.size() + " file(s) in labs/*/src/main differ from what generate-labs makes:");
        for (FileDifference d : diffs) {
            String path = "labs/" + d.task() + "/src/main/" + d.path();
            switch (d.kind()) {
                case MISSING_IN_LAB -> err.println("  missing  " + path + "  (generate-labs creates it)");
                case EXTRA_IN_LAB -> err.println("  extra    " + path + "  (no source in solutions/" + d.task()
                        + "/src/main: generate-labs deletes it)");
                case CHANGED -> {
                    err.println("  changed  " + path + "  (- committed, + generated)");
                    d.excerpt().forEach(l -> err.println("      " + l));
                }
            }
        }
        err.println(FIX);
        return GraderCli.FAILED;
    }
}
