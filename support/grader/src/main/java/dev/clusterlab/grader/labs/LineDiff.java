package dev.clusterlab.grader.labs;

import java.util.ArrayList;
import java.util.List;

/**
 * A small line diff that prints one unified-diff-like hunk spanning the first to the last change,
 * enough to show a lab author what drifted; not a general-purpose diff.
 */
public final class LineDiff {
    private static final int CONTEXT = 2;
    /** Beyond this many lines in the changed middle the LCS table gets too big; show blocks instead. */
    private static final int MAX_LCS = 2_000;

    private LineDiff() {
    }

    /**
     * An excerpt of the changes from {@code before} to {@code after}, at most {@code maxLines} long.
     */
    public static List<String> excerpt(String before, String after, int maxLines) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        if (a.equals(b)) {
            return List.of("(the files differ only in line endings or the final newline)");
        }
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        List<String> midA = a.subList(prefix, a.size() - suffix);
        List<String> midB = b.subList(prefix, b.size() - suffix);

        int from = Math.max(0, prefix - CONTEXT);
        int toA = Math.min(a.size(), a.size() - suffix + CONTEXT);
        int toB = Math.min(b.size(), b.size() - suffix + CONTEXT);
        var body = new ArrayList<String>();
        body.add("@@ -%d,%d +%d,%d @@".formatted(from + 1, toA - from, from + 1, toB - from));
        for (int i = from; i < prefix; i++) {
            body.add(" " + a.get(i));
        }
        body.addAll(middle(midA, midB));
        for (int i = a.size() - suffix; i < toA; i++) {
            body.add(" " + a.get(i));
        }
        if (body.size() > maxLines) {
            int hidden = body.size() - maxLines;
            var cut = new ArrayList<>(body.subList(0, maxLines));
            cut.add("... (" + hidden + " more lines)");
            return cut;
        }
        return body;
    }

    private static List<String> middle(List<String> a, List<String> b) {
        var out = new ArrayList<String>();
        if ((long) a.size() * b.size() > (long) MAX_LCS * MAX_LCS / 4 || a.size() > MAX_LCS || b.size() > MAX_LCS) {
            a.forEach(l -> out.add("-" + l));
            b.forEach(l -> out.add("+" + l));
            return out;
        }
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.add(" " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("-" + a.get(i++));
            } else {
                out.add("+" + b.get(j++));
            }
        }
        return out;
    }
}
