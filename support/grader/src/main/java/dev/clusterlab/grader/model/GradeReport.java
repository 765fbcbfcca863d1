package dev.clusterlab.grader.model;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of grading one submission.
 *
 * @param submission what was graded (a path, or "solutions")
 * @param gradedAt when
 * @param tasks each task's outcome, by task id
 * @param notes remarks on the whole submission
 */
public record GradeReport(String submission, Instant gradedAt, List<TaskResult> tasks, List<String> notes) {
    /** Copies the lists. */
    public GradeReport {
        tasks = List.copyOf(tasks);
        notes = List.copyOf(notes);
    }

    /** Points earned over all tasks. */
    public int score() {
        return tasks.stream().mapToInt(TaskResult::score).sum();
    }

    /** Points available over all tasks. */
    public int max() {
        return tasks.stream().mapToInt(TaskResult::max).sum();
    }

    /** The total in percent, one decimal. */
    public double percent() {
        return Percent.of(score(), max());
    }
}
