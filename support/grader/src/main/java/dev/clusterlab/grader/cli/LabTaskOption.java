package dev.clusterlab.grader.cli;

import dev.clusterlab.grader.labs.GeneratedLab;
import dev.clusterlab.grader.labs.LabGenerator;
import dev.clusterlab.grader.repo.Repo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --task} option of {@code generate-labs} and {@code check-labs}, and what both do first:
 * make the selected labs from their solutions.
 */
final class LabTaskOption {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--task", paramLabel = "taskNN", split = ",",
            description = "Only these tasks (repeatable or comma-separated; default: every solution).")
    private List<String> tasks;

    /** Whether {@code --task} was given; without it every solution is selected. */
    boolean narrowed() {
        return tasks != null && !tasks.isEmpty();
    }

    /**
     * Generates the lab of each selected task in memory, so a marker error in any file stops the
     * command before it has written anything.
     */
    List<GeneratedLab> generate(Repo repo) throws IOException {
        List<String> selected = TaskSelection.select(mixee, repo.solutionTasks(), tasks, "solutions/taskNN/src/main");
        var generator = new LabGenerator();
        var labs = new ArrayList<GeneratedLab>();
        for (String task : selected) {
            labs.add(generator.generate(task, repo.solutionMain(task), "solutions/" + task + "/src/main/"));
        }
        return labs;
    }
}
