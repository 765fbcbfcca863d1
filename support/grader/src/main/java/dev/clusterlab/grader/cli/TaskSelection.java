package dev.clusterlab.grader.cli;

import dev.clusterlab.grader.GraderException;
import dev.clusterlab.grader.repo.TaskIds;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Turns {@code --task}/{@code --tasks} values into the tasks a command works on. */
final class TaskSelection {
    private TaskSelection() {
    }

    /**
     * The requested tasks, or all available ones when none were requested.
     *
     * @param what what a task needs to count as available, for the error message
     * @throws ParameterException for a malformed or unknown task (a usage error)
     * @throws GraderException when the repository has no task at all
     */
    static List<String> select(CommandSpec spec, List<String> available, List<String> requested, String what) {
        if (available.isEmpty()) {
            throw new GraderException("no tasks found: nothing has " + what);
        }
        if (requested == null || requested.isEmpty()) {
            return available;
        }
        List<String> tasks;
        try {
            tasks = TaskIds.normalizeAll(requested);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        for (String task : tasks) {
            if (!available.contains(task)) {
                throw new ParameterException(spec.commandLine(), "unknown task " + task + ": the tasks with "
                        + what + " are " + String.join(", ", available));
            }
        }
        return tasks.stream().sorted().toList();
    }
}
