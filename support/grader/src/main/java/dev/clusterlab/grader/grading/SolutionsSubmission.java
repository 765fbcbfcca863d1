package dev.clusterlab.grader.grading;

import dev.clusterlab.grader.repo.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The reference solutions graded as if a student had submitted them; CI uses it to prove every
 * solution scores 100%.
 *
 * @param repo the repository whose {@code solutions/taskNN/src/main} are taken
 */
public record SolutionsSubmission(Repo repo) implements Submission {
    @Override
    public String label() {
        return "solutions (reference code in " + repo.solutionsDir() + ")";
    }

    @Override
    public Optional<Path> mainFor(String task) {
        Path main = repo.solutionMain(task);
        return Files.isDirectory(main) ? Optional.of(main) : Optional.empty();
    }
}
