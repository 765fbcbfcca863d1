package dev.clusterlab.grader.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clusterlab.grader.TestFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskIdsTest {
    @Test
    void normalizesWhatPeopleType() {
        assertThat(TaskIds.normalizeAll(List.of("3", "task03", "Task1,09", "task10"))).containsExactly("task03", "task01", "task09", "task10");
        assertThatThrownBy(() -> TaskIds.normalize("lab3")).hasMessageContaining("not a task name");
    }

    @Test
    void repoListsTasksAndReactorModules(@TempDir Path dir) {
        Repo repo = new Repo(TestFiles.repo(dir));
        assertThat(repo.labTasks()).containsExactly("task01", "task02");
        assertThat(repo.solutionTasks()).containsExactly("task01", "task02");
        assertThat(repo.labModulesInReactor()).containsExactly("task01", "task02");
        assertThat(Repo.find(dir.resolve("labs/task01"))).contains(repo);
    }
}
