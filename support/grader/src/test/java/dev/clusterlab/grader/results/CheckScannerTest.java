package dev.clusterlab.grader.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.grader.TestFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckScannerTest {
    private final CheckScanner scanner = new CheckScanner();

    private TaskChecks scan(String source) {
        var checks = new ArrayList<ExpectedCheck>();
        var warnings = new ArrayList<String>();
        scanner.scanFile(source, "Checks.java", "labs/task01/src/test/java/p/Checks.java", checks, warnings);
        return new TaskChecks(checks, warnings);
    }

    @Test
    void readsPointsMethodHintAndDisplayName() {
        TaskChecks t = scan("""
                package dev.clusterlab.task01;

                import dev.clusterlab.testkit.Points;

                @Graded
                @Hint("class-wide hint")
                class Checks {
                    @BeforeEach
                    void setUp() { }

                    @Test
                    @Hint("look at " + "the port (and the host)")
                    @Points( 4 )
                    @Timeout(value = 5, unit = TimeUnit.SECONDS)
                    void answers() { }

                    @ParameterizedTest
                    @ValueSource(ints = {1, 2})
                    @dev.clusterlab.testkit.Points(value = 2)
                    @DisplayName("works with {0} workers; really")
                    public void scales(int n) { }

                    // @Points(50) commented out
                    /* @Points(60) */
                    @Test
                    void ungraded() { String s = "@Points(70)"; }
                }
                """);
        assertThat(t.checks()).extracting(ExpectedCheck::key, ExpectedCheck::points, ExpectedCheck::hint, ExpectedCheck::displayName)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dev.clusterlab.task01.Checks#answers", 4, "look at the port (and the host)", null),
                        org.assertj.core.groups.Tuple.tuple("dev.clusterlab.task01.Checks#scales", 2, "class-wide hint", "works with {0} workers; really"));
        assertThat(t.maxPoints()).isEqualTo(6);
        assertThat(t.warnings()).isEmpty();
        assertThat(t.checks().getFirst().location()).isEqualTo("labs/task01/src/test/java/p/Checks.java:13");
    }

    @Test
    void pointsWithoutALiteralAreReportedAndPointsOffMethodsStillCount() {
        TaskChecks t = scan("""
                package p;
                class Checks {
                    @Points(POINTS) @Test void a() { }
                    @Points(7) int field;
                }
                """);
        assertThat(t.maxPoints()).isEqualTo(7);
        assertThat(t.warnings()).hasSize(2);
        assertThat(t.warnings().get(0)).contains(":4: @Points is not on a test method");
        assertThat(t.warnings().get(1)).contains("without an int literal");
    }

    @Test
    void scansEveryJavaFileOfATask(@TempDir Path dir) throws Exception {
        Path repo = TestFiles.repo(dir);
        TaskChecks t = scanner.scan(repo.resolve("labs/task01/src/test/java"), repo);
        assertThat(t.maxPoints()).isEqualTo(8);
        assertThat(t.checks()).extracting(ExpectedCheck::method).containsExactly("answers", "blocks");
        assertThat(t.checks().get(1).displayName()).isEqualTo("CPU work blocks the event loop");
        assertThat(t.checks().get(0).location()).startsWith("labs/task01/src/test/java/dev/clusterlab/task01/ServerChecks.java:");
        assertThat(scanner.scan(repo.resolve("labs/none"), repo).checks()).isEqualTo(List.of());
    }
}
