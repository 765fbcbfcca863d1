package dev.clusterlab.grader.labs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LineDiffTest {
    @Test
    void showsContextAroundInsertionsAndDeletions() {
        String before = "1\n2\n3\n4\n5\n6\n7\n";
        String after = "1\n2\n3\nnew\n4\n6\n7\n";
        assertThat(LineDiff.excerpt(before, after, 20)).containsExactly(
                "@@ -2,6 +2,6 @@", " 2", " 3", "+new", " 4", "-5", " 6", " 7");
    }

    @Test
    void cutsLongExcerpts() {
        String before = IntStream.range(0, 50).mapToObj(i -> "a" + i).collect(Collectors.joining("\n"));
        String after = IntStream.range(0, 50).mapToObj(i -> "b" + i).collect(Collectors.joining("\n"));
        var excerpt = LineDiff.excerpt(before, after, 10);
        assertThat(excerpt).hasSize(11);
        assertThat(excerpt.getLast()).isEqualTo("... (91 more lines)");
    }

    @Test
    void explainsLineEndingOnlyDifferences() {
        assertThat(LineDiff.excerpt("a\r\nb\r\n", "a\nb\n", 10)).singleElement().asString().contains("line endings");
    }
}
