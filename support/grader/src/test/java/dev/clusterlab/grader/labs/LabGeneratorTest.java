package dev.clusterlab.grader.labs;

import static dev.clusterlab.grader.TestFiles.read;
import static dev.clusterlab.grader.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clusterlab.grader.markers.MarkerException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabGeneratorTest {
    @TempDir
    Path dir;

    private final LabGenerator generator = new LabGenerator();
    private final LabWriter writer = new LabWriter();

    @Test
    void transformsTextCopiesBinaryAndDropsSolutionFiles() throws Exception {
        Path solution = dir.resolve("solution");
        write(solution, "java/p/A.java", "class A {\n  void f() {\n    // BEGIN SOLUTION\n    g();\n    // END SOLUTION\n  }\n}\n");
        write(solution, "java/p/Helper.java", "// SOLUTION FILE\nclass Helper {}\n");
        write(solution, "resources/app.properties", "x=1\n");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
        Files.createDirectories(solution.resolve("resources"));
        Files.write(solution.resolve("resources/logo.png"), png);

        GeneratedLab lab = generator.generate("task04", solution, "solutions/task04/src/main/");

        assertThat(lab.files().keySet()).containsExactly("java/p/A.java", "resources/app.properties", "resources/logo.png");
        assertThat(new String(lab.files().get("java/p/A.java")))
                .contains("    throw new UnsupportedOperationException(\"TODO(task04): implement this\");");
        assertThat(lab.files().get("resources/logo.png")).isEqualTo(png);
    }

    @Test
    void markerErrorsNameThePathInTheRepository() {
        Path solution = dir.resolve("solution");
        write(solution, "java/p/A.java", "a\nb\n// END SOLUTION\n");
        assertThatThrownBy(() -> generator.generate("task04", solution, "solutions/task04/src/main/"))
                .isInstanceOf(MarkerException.class)
                .hasMessage("solutions/task04/src/main/java/p/A.java:3: END SOLUTION without a BEGIN SOLUTION before it");
    }

    @Test
    void writerReplacesChangedFilesDeletesOrphansAndLeavesTestsAlone() throws Exception {
        Path solution = dir.resolve("solution");
        write(solution, "java/p/A.java", "class A { /* v2 */ }\n");
        write(solution, "java/p/Same.java", "class Same {}\n");
        Path lab = dir.resolve("lab");
        write(lab, "src/main/java/p/A.java", "class A { /* v1 */ }\n");
        Path same = write(lab, "src/main/java/p/Same.java", "class Same {}\n");
        write(lab, "src/main/java/p/old/Gone.java", "class Gone {}\n");
        write(lab, "src/test/java/p/ATest.java", "class ATest {}\n");
        write(lab, "pom.xml", "<project/>");
        var before = Files.getLastModifiedTime(same);

        LabWriter.Outcome outcome = writer.write(generator.generate("task01", solution, ""), lab.resolve("src/main"));

        assertThat(outcome.written()).containsExactly("java/p/A.java");
        assertThat(outcome.unchanged()).isEqualTo(1);
        assertThat(outcome.deleted()).containsExactly("java/p/old/Gone.java");
        assertThat(read(lab, "src/main/java/p/A.java")).contains("v2");
        assertThat(lab.resolve("src/main/java/p/old")).doesNotExist();
        assertThat(Files.getLastModifiedTime(same)).isEqualTo(before);
        assertThat(read(lab, "src/test/java/p/ATest.java")).isEqualTo("class ATest {}\n");
        assertThat(read(lab, "pom.xml")).isEqualTo("<project/>");
    }

    @Test
    void comparerReportsMissingExtraAndChangedFiles() throws Exception {
        Path solution = dir.resolve("solution");
        write(solution, "java/A.java", "a\nb\nc\n");
        write(solution, "java/New.java", "n\n");
        Path labMain = dir.resolve("lab/src/main");
        write(labMain, "java/A.java", "a\nB\nc\n");
        write(labMain, "java/Extra.java", "e\n");

        var diffs = new LabComparer().compare(generator.generate("task01", solution, ""), labMain);

        assertThat(diffs).extracting(FileDifference::path, FileDifference::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("java/A.java", FileDifference.Kind.CHANGED),
                org.assertj.core.groups.Tuple.tuple("java/Extra.java", FileDifference.Kind.EXTRA_IN_LAB),
                org.assertj.core.groups.Tuple.tuple("java/New.java", FileDifference.Kind.MISSING_IN_LAB));
        assertThat(diffs.getFirst().excerpt()).containsExactly("@@ -1,3 +1,3 @@", " a", "-B", "+b", " c");
    }

    @Test
    void upToDateLabHasNoDifferences() throws Exception {
        Path solution = dir.resolve("solution");
        write(solution, "java/A.java", "x();\n// STUB: y();\n");
        Path labMain = dir.resolve("lab/src/main");
        GeneratedLab lab = generator.generate("task01", solution, "");
        writer.write(lab, labMain);
        assertThat(new LabComparer().compare(lab, labMain)).isEmpty();
        assertThat(read(labMain, "java/A.java")).isEqualTo("x();\ny();\n");
    }
}
