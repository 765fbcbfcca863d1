package dev.clusterlab.grader.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MavenLogTest {
    static List<String> fixture(String name) throws IOException {
        try (InputStream in = MavenLogTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void attributesCompilerErrorsToTheirTaskOnceEach() throws IOException {
        MavenLog log = MavenLog.parse(fixture("maven-compile-error.log"));

        List<CompileError> task02 = log.compileErrors("task02");
        assertThat(task02).hasSize(2);
        assertThat(task02.getFirst().file()).isEqualTo("labs/task02/src/main/java/dev/clusterlab/task02/Primary.java");
        assertThat(task02.getFirst().inMain()).isTrue();
        assertThat(task02.getFirst().format()).isEqualTo("""
                labs/task02/src/main/java/dev/clusterlab/task02/Primary.java:[12,5] cannot find symbol
                  symbol:   variable workerCount
                  location: class dev.clusterlab.task02.Primary""");

        List<CompileError> task03 = log.compileErrors("task03");
        assertThat(task03).singleElement().satisfies(e -> {
            assertThat(e.inMain()).isFalse();
            assertThat(e.details()).hasSize(3);
        });
        assertThat(log.compileErrors("task01")).isEmpty();
    }

    @Test
    void keepsOtherErrorsButNotMavenBoilerplate() throws IOException {
        MavenLog log = MavenLog.parse(fixture("maven-compile-error.log"));
        assertThat(log.otherErrors()).singleElement().asString()
                .contains("Could not resolve dependencies for project dev.clusterlab:clusterlab-lab-task04");
    }

    @Test
    void capsErrorsPerTask() {
        var lines = new java.util.ArrayList<String>();
        for (int i = 1; i <= 50; i++) {
            lines.add("[ERROR] /w/labs/task05/src/main/java/A.java:[" + i + ",1] oops");
        }
        assertThat(MavenLog.parse(lines).compileErrors("task05")).hasSize(MavenLog.MAX_ERRORS_PER_TASK);
    }
}
