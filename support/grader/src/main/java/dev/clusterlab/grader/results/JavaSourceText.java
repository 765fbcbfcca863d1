package dev.clusterlab.grader.results;

/**
 * Views of Java source with the same offsets as the original: comments blanked (so a commented-out
 * {@code @Points} does not count), and optionally string contents blanked too (so braces or
 * parentheses inside strings do not confuse the structural search).
 */
final class JavaSourceText {
    private JavaSourceText() {
    }

    /** The source with comments replaced by spaces (line breaks kept). */
    static String withoutComments(String src) {
        return blank(src, false);
    }

    /** The source with comments and the contents of string and char literals replaced by spaces. */
    static String skeleton(String src) {
        return blank(src, true);
    }

    private static String blank(String src, boolean literals) {
        char[] out = src.toCharArray();
        int n = out.length;
        int i = 0;
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n' && src.charAt(i) != '\r') {
                    out[i++] = ' ';
                }
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (; i < end; i++) {
                    out[i] = isBreak(src.charAt(i)) ? src.charAt(i) : ' ';
                }
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                while (end > 0 && escaped(src, end)) {
                    end = src.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? n : end;
                blankRange(src, out, i + 3, end, literals);
                i = Math.min(n, end + 3);
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c && !isBreak(src.charAt(j))) {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j, n);
                blankRange(src, out, i + 1, j, literals);
                i = j + 1;
            } else {
                i++;
            }
        }
        return new String(out);
    }

    private static boolean escaped(String src, int at) {
        int backslashes = 0;
        for (int k = at - 1; k >= 0 && src.charAt(k) == '\\'; k--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static void blankRange(String src, char[] out, int from, int to, boolean literals) {
        if (!literals) {
            return;
        }
        for (int k = from; k < to; k++) {
            out[k] = isBreak(src.charAt(k)) ? src.charAt(k) : ' ';
        }
    }

    private static boolean isBreak(char c) {
        return c == '\n' || c == '\r';
    }
}
