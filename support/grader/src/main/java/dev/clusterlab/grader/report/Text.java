package dev.clusterlab.grader.report;

import java.util.List;

/** Small text helpers the report writers share. */
final class Text {
    private Text() {
    }

    /** The first {@code n} lines of {@code s}, with a marker when lines were cut. */
    static String firstLines(String s, int n) {
        if (s == null) {
            return "";
        }
        List<String> lines = s.strip().lines().toList();
        if (lines.size() <= n) {
            return String.join("\n", lines);
        }
        return String.join("\n", lines.subList(0, n)) + "\n... (" + (lines.size() - n) + " more lines)";
    }

    /** The first non-blank line of {@code s}, cut to {@code max} characters. */
    static String firstLine(String s, int max) {
        if (s == null) {
            return "";
        }
        String line = s.strip().lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    /** Text safe inside a Markdown table cell. */
    static String cell(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>");
    }

    /** A fenced code block whose fence is longer than any backtick run inside, so content cannot end it. */
    static String codeBlock(String content) {
        int longest = 0;
        int run = 0;
        for (char c : content.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + "text\n" + content + "\n" + fence + "\n";
    }

    /** Whether {@code message} already carries {@code hint}, to avoid printing it twice. */
    static boolean mentions(String message, String hint) {
        return message != null && hint != null && message.contains(hint.strip());
    }
}
