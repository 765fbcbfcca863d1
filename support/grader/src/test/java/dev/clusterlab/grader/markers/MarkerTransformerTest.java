package dev.clusterlab.grader.markers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkerTransformerTest {
    private final MarkerTransformer java = MarkerTransformer.forFile("Server.java");

    private String lab(String solution) {
        return java.transform(solution, "Server.java", "task03").content();
    }

    @Test
    void regionBecomesThrowWithHintAtTheBeginLineIndentation() {
        String solution = """
                class Server {
                    int port() {
                        // BEGIN SOLUTION read PORT from the environment
                        return Integer.parseInt(System.getenv("PORT"));
                        // END SOLUTION
                    }
                }
                """;
        assertThat(lab(solution)).isEqualTo("""
                class Server {
                    int port() {
                        throw new UnsupportedOperationException("TODO(task03): read PORT from the environment");
                    }
                }
                """);
    }

    @Test
    void regionWithoutHintGetsTheDefaultHint() {
        String lab = lab("""
                void run() {
                \t\t// BEGIN SOLUTION
                \t\tgo();
                \t\t// END SOLUTION
                }
                """);
        assertThat(lab).isEqualTo("""
                void run() {
                \t\tthrow new UnsupportedOperationException("TODO(task03): implement this");
                }
                """);
    }

    @Test
    void stubLinesAfterEndReplaceTheRegionKeepingTheirIndentation() {
        String solution = """
                    int workers() {
                        // BEGIN SOLUTION this hint is not used
                        return Runtime.getRuntime().availableProcessors();
                        // END SOLUTION
                        // STUB: return 1;
                        //STUB:     // two more spaces stay
                    }
                """;
        assertThat(lab(solution)).isEqualTo("""
                    int workers() {
                        return 1;
                            // two more spaces stay
                    }
                """);
    }

    @Test
    void emptyStubLineBecomesAnEmptyLine() {
        assertThat(lab("    // STUB:\nx();\n")).isEqualTo("\nx();\n");
    }

    @Test
    void stubLineOutsideARegionAppearsOnlyInTheLab() {
        String solution = """
                import java.util.List;
                    // STUB: import java.util.Map;
                """;
        assertThat(lab(solution)).isEqualTo("""
                import java.util.List;
                    import java.util.Map;
                """);
    }

    @Test
    void stubSeparatedFromEndByAnotherLineDoesNotSuppressTheThrow() {
        String lab = lab("""
                // BEGIN SOLUTION
                a();
                // END SOLUTION

                // STUB: b();
                """);
        assertThat(lab).isEqualTo("throw new UnsupportedOperationException(\"TODO(task03): implement this\");\n\nb();\n");
    }

    @Test
    void severalRegionsInOneFile() {
        String lab = lab("""
                a() {
                  // BEGIN SOLUTION first
                  x();
                  // END SOLUTION
                }
                b() {
                  // BEGIN SOLUTION second
                  y();
                  // END SOLUTION
                  // STUB: return null;
                }
                """);
        assertThat(lab).isEqualTo("""
                a() {
                  throw new UnsupportedOperationException("TODO(task03): first");
                }
                b() {
                  return null;
                }
                """);
    }

    @Test
    void hintQuotesAndBackslashesAreEscaped() {
        String lab = lab("""
                // BEGIN SOLUTION call "fork()" with C:\\tmp and \\u0041
                x();
                // END SOLUTION
                """);
        assertThat(lab).isEqualTo(
                "throw new UnsupportedOperationException(\"TODO(task03): call \\\"fork()\\\" with C:\\\\tmp and \\\\u0041\");\n");
    }

    @Test
    void escapeJavaHandlesControlCharacters() {
        assertThat(MarkerTransformer.escapeJava("a\tb\u0001\"\\")).isEqualTo("a\\tb\\u0001\\\"\\\\");
    }

    @Test
    void fileWithoutMarkersIsReturnedUnchanged() {
        String text = "class A {\r\n  // an ordinary comment about a SOLUTION\r\n}";
        Transformed t = java.transform(text, "A.java", "task01");
        assertThat(t.changed()).isFalse();
        assertThat(t.solutionOnly()).isFalse();
        assertThat(t.content()).isSameAs(text);
    }

    @Test
    void lineEndingsOfUntouchedLinesAreKept() {
        String lab = lab("a();\r\n  // BEGIN SOLUTION\r\n  b();\r\n  // END SOLUTION\r\nc();");
        assertThat(lab).isEqualTo(
                "a();\r\n  throw new UnsupportedOperationException(\"TODO(task03): implement this\");\r\nc();");
    }

    @Test
    void markerTextInsideCodeIsNotAMarker() {
        String text = "String s = \"// BEGIN SOLUTION\"; // END SOLUTION\n";
        assertThat(java.transform(text, "A.java", "task01").changed()).isFalse();
    }

    @Test
    void endWithoutBeginIsAnErrorNamingFileAndLine() {
        assertThatThrownBy(() -> lab("a();\n// END SOLUTION\n"))
                .isInstanceOf(MarkerException.class)
                .hasMessage("Server.java:2: END SOLUTION without a BEGIN SOLUTION before it")
                .satisfies(e -> assertThat(((MarkerException) e).line()).isEqualTo(2));
    }

    @Test
    void beginWithoutEndIsAnError() {
        assertThatThrownBy(() -> lab("a();\n\n  // BEGIN SOLUTION x\nb();\n"))
                .isInstanceOf(MarkerException.class)
                .hasMessage("Server.java:3: BEGIN SOLUTION without a matching END SOLUTION");
    }

    @Test
    void nestedRegionsAreAnError() {
        assertThatThrownBy(() -> lab("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION\n// END SOLUTION\n"))
                .isInstanceOf(MarkerException.class)
                .hasMessageStartingWith("Server.java:2: BEGIN SOLUTION inside the region opened at line 1");
    }

    @Test
    void stubInsideARegionIsAnError() {
        assertThatThrownBy(() -> lab("// BEGIN SOLUTION\n// STUB: x();\n// END SOLUTION\n"))
                .isInstanceOf(MarkerException.class)
                .hasMessageStartingWith("Server.java:2: STUB inside the region opened at line 1");
    }

    @Test
    void solutionFileHasNoLabCounterpart() {
        Transformed t = java.transform("// SOLUTION FILE\nclass Helper {}\n", "Helper.java", "task01");
        assertThat(t.solutionOnly()).isTrue();
    }

    @Test
    void solutionFileIsStillCheckedForBalance() {
        assertThatThrownBy(() -> java.transform("// SOLUTION FILE\n// BEGIN SOLUTION\n", "Helper.java", "task01"))
                .isInstanceOf(MarkerException.class)
                .hasMessageContaining("Helper.java:2");
    }

    @Test
    void nonJavaFilesLoseTheRegionWithoutAThrow() {
        var props = MarkerTransformer.forFile("app.properties");
        String lab = props.transform("""
                name=demo
                # BEGIN SOLUTION
                workers=4
                # END SOLUTION
                # STUB: workers=1
                """, "app.properties", "task02").content();
        assertThat(lab).isEqualTo("name=demo\nworkers=1\n");

        var other = MarkerTransformer.forFile("notes.txt");
        assertThat(other.transform("a\n// BEGIN SOLUTION\nb\n// END SOLUTION\nc\n", "notes.txt", "task02").content())
                .isEqualTo("a\nc\n");
    }

    @Test
    void hashIsNotAMarkerPrefixInJava() {
        String text = "# BEGIN SOLUTION\n";
        assertThat(java.transform(text, "A.java", "task01").changed()).isFalse();
    }

    @Test
    void lastLineWithoutNewlineIsKept() {
        assertThat(lab("// STUB: x();")).isEqualTo("x();");
        assertThat(lab("a();\n// BEGIN SOLUTION\nb();\n// END SOLUTION"))
                .isEqualTo("a();\nthrow new UnsupportedOperationException(\"TODO(task03): implement this\");\n");
    }
}
