package dev.clusterlab.grader.markers;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a solution source file into its lab counterpart using TMC-style marker comments.
 *
 * <ul>
 *   <li>{@code // BEGIN SOLUTION [hint]} .. {@code // END SOLUTION}: the lines, markers included, are
 *       removed. Unless {@code // STUB:} lines follow the END line directly, a Java file gets
 *       {@code throw new UnsupportedOperationException("TODO(taskNN): hint");} at the BEGIN line's
 *       indentation.
 *   <li>{@code // STUB: code}: a comment in the solution, {@code code} in the lab, at the comment's
 *       indentation (one space after the colon is dropped; further spaces are kept).
 *   <li>{@code // SOLUTION FILE}: the whole file exists only in the solution.
 * </ul>
 *
 * A marker must be alone on its line. Text without markers comes back unchanged, byte for byte.
 */
public final class MarkerTransformer {
    /** The hint used when {@code BEGIN SOLUTION} has none. */
    public static final String DEFAULT_HINT = "implement this";

    private enum Kind { NONE, BEGIN, END, STUB, SOLUTION_FILE }

    private record Line(String text, String terminator) {
    }

    private record Marker(Kind kind, String indent, String payload) {
        static final Marker NONE = new Marker(Kind.NONE, "", "");
    }

    private final List<Pattern[]> patterns;
    private final boolean throwsInRegions;

    /** A transformer for files written in {@code syntax}. */
    public MarkerTransformer(CommentSyntax syntax) {
        this.throwsInRegions = syntax.throwsInRegions();
        this.patterns = syntax.prefixes().stream().map(MarkerTransformer::compile).toList();
    }

    /** A transformer for the file named {@code fileName} (its extension picks the comment syntax). */
    public static MarkerTransformer forFile(String fileName) {
        return new MarkerTransformer(CommentSyntax.forFile(fileName));
    }

    private static Pattern[] compile(String prefix) {
        String p = "^([ \\t]*)" + Pattern.quote(prefix) + "[ \\t]*";
        return new Pattern[] {
            Pattern.compile(p + "BEGIN SOLUTION(?:[ \\t]+(.*?))?[ \\t]*$"),
            Pattern.compile(p + "END SOLUTION\\b.*$"),
            Pattern.compile(p + "STUB:(.*)$"),
            Pattern.compile(p + "SOLUTION FILE[ \\t]*$"),
        };
    }

    /**
     * Transforms {@code text}.
     *
     * @param text the solution file's content
     * @param file the file's name as error messages should show it
     * @param task the task id put into {@code TODO(taskNN)}
     * @throws MarkerException on unbalanced, nested or misplaced markers
     */
    public Transformed transform(String text, String file, String task) {
        List<Line> lines = split(text);
        List<Marker> markers = lines.stream().map(l -> classify(l.text())).toList();
        if (markers.stream().allMatch(m -> m.kind() == Kind.NONE)) {
            return new Transformed(text, false, false);
        }
        if (markers.stream().anyMatch(m -> m.kind() == Kind.SOLUTION_FILE)) {
            validate(markers, file);
            return new Transformed("", true, true);
        }
        var out = new StringBuilder(text.length());
        int i = 0;
        while (i < lines.size()) {
            Line line = lines.get(i);
            Marker marker = markers.get(i);
            switch (marker.kind()) {
                case NONE -> out.append(line.text()).append(line.terminator());
                case STUB -> out.append(stubCode(marker)).append(line.terminator());
                case END -> throw new MarkerException(file, i + 1, "END SOLUTION without a BEGIN SOLUTION before it");
                case BEGIN -> {
                    int end = findEnd(markers, i, file);
                    boolean stubFollows = end + 1 < markers.size() && markers.get(end + 1).kind() == Kind.STUB;
                    if (!stubFollows && throwsInRegions) {
                        String terminator = line.terminator().isEmpty() ? "\n" : line.terminator();
                        out.append(marker.indent()).append(throwStatement(task, marker.payload())).append(terminator);
                    }
                    i = end;
                }
                case SOLUTION_FILE -> throw new IllegalStateException("handled above");
            }
            i++;
        }
        return new Transformed(out.toString(), false, true);
    }

    /** The statement that stands in for a removed region. */
    static String throwStatement(String task, String hint) {
        String text = hint == null || hint.isBlank() ? DEFAULT_HINT : hint.strip();
        return "throw new UnsupportedOperationException(\"TODO(" + task + "): " + escapeJava(text) + "\");";
    }

    /** Escapes text for a Java string literal; doubling backslashes also defuses {@code \\u} escapes. */
    static String escapeJava(String s) {
        var b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u%04x".formatted((int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static String stubCode(Marker stub) {
        String code = stub.payload();
        if (code.startsWith(" ")) {
            code = code.substring(1);
        }
        // An empty STUB line stands for an empty line, without stray indentation.
        return code.isBlank() ? "" : stub.indent() + code;
    }

    private static int findEnd(List<Marker> markers, int begin, String file) {
        for (int j = begin + 1; j < markers.size(); j++) {
            switch (markers.get(j).kind()) {
                case END -> {
                    return j;
                }
                case BEGIN -> throw new MarkerException(file, j + 1,
                        "BEGIN SOLUTION inside the region opened at line " + (begin + 1)
                                + " (regions do not nest: close it with END SOLUTION first)");
                case STUB -> throw new MarkerException(file, j + 1,
                        "STUB inside the region opened at line " + (begin + 1)
                                + " (put STUB lines right after END SOLUTION)");
                default -> {
                    // plain solution code: removed with the region
                }
            }
        }
        throw new MarkerException(file, begin + 1, "BEGIN SOLUTION without a matching END SOLUTION");
    }

    /** Checks balance in a SOLUTION FILE too, so a broken file never passes silently. */
    private static void validate(List<Marker> markers, String file) {
        for (int i = 0; i < markers.size(); i++) {
            switch (markers.get(i).kind()) {
                case BEGIN -> i = findEnd(markers, i, file);
                case END -> throw new MarkerException(file, i + 1, "END SOLUTION without a BEGIN SOLUTION before it");
                default -> {
                    // nothing to check
                }
            }
        }
    }

    private Marker classify(String line) {
        if (line.indexOf("SOLUTION") < 0 && line.indexOf("STUB:") < 0) {
            return Marker.NONE;  // cheap exit for the vast majority of lines
        }
        for (Pattern[] p : patterns) {
            Matcher m;
            if ((m = p[0].matcher(line)).matches()) {
                return new Marker(Kind.BEGIN, m.group(1), m.group(2) == null ? "" : m.group(2));
            }
            if ((m = p[1].matcher(line)).matches()) {
                return new Marker(Kind.END, m.group(1), "");
            }
            if ((m = p[2].matcher(line)).matches()) {
                return new Marker(Kind.STUB, m.group(1), m.group(2));
            }
            if ((m = p[3].matcher(line)).matches()) {
                return new Marker(Kind.SOLUTION_FILE, m.group(1), "");
            }
        }
        return Marker.NONE;
    }

    /** Splits into lines, keeping each line's terminator so untouched lines come out byte-identical. */
    private static List<Line> split(String text) {
        var lines = new ArrayList<Line>();
        int start = 0;
        int n = text.length();
        while (start < n) {
            int i = start;
            while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                i++;
            }
            int end = i;
            if (i < n && text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                i += 2;
            } else if (i < n) {
                i++;
            }
            lines.add(new Line(text.substring(start, end), text.substring(end, i)));
            start = i;
        }
        return lines;
    }
}
