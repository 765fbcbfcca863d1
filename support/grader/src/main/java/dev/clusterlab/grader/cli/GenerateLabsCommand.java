package dev.clusterlab.grader.cli;

import dev.clusterlab.grader.GraderCli;
import dev.clusterlab.grader.labs.GeneratedLab;
import dev.clusterlab.grader.labs.LabWriter;
import dev.clusterlab.grader.repo.Repo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code generate-labs}: writes each {@code labs/taskNN/src/main} from {@code solutions/taskNN/src/main}. */
@Command(name = "generate-labs", mixinStandardHelpOptions = true,
        description = {"Writes labs/taskNN/src/main from solutions/taskNN/src/main.", "",
            "Markers in the solution (each alone on its line):",
            "  // BEGIN SOLUTION [hint] .. // END SOLUTION  removed; in Java replaced by",
            "      throw new UnsupportedOperationException(\"TODO(taskNN): hint\");",
            "      unless // STUB: lines follow END SOLUTION directly",
            "  // STUB: code    a comment in the solution, the code in the lab",
            "  // SOLUTION FILE the file exists only in the solution",
            "",
            "Files without markers and binary files are copied as they are; lab files without a source in the "
                + "solution are deleted. labs/taskNN/src/test and labs/taskNN/pom.xml are never touched."})
public final class GenerateLabsCommand implements Callable<Integer> {
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
        var writer = new LabWriter();
        for (GeneratedLab lab : labs) {
            LabWriter.Outcome outcome = writer.write(lab, repo.labMain(lab.task()));
            out.printf("%s: %d written, %d unchanged, %d deleted%n", lab.task(), outcome.written().size(),
                    outcome.unchanged(), outcome.deleted().size());
            outcome.written().forEach(f -> out.println("  wrote   labs/" + lab.task() + "/src/main/" + f));
            outcome.deleted().forEach(f -> out.println("  deleted labs/" + lab.task() + "/src/main/" + f));
            if (!Files.exists(repo.lab(lab.task()).resolve("pom.xml"))) {
                out.println("  note: labs/" + lab.task() + "/pom.xml does not exist yet; the lab needs one to build");
            }
        }
        return GraderCli.OK;
    }
}
