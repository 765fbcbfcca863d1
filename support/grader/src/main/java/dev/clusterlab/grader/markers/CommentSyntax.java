package dev.clusterlab.grader.markers;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How marker comments are written in a file of a given kind, and what an emptied solution region
 * becomes there.
 *
 * @param prefixes line-comment prefixes that may start a marker ({@code //}, and {@code #} in
 *     properties, YAML, shell and nginx files)
 * @param throwsInRegions whether a region without {@code STUB} lines becomes a {@code throw} (only
 *     Java; in other files the region is just removed)
 */
public record CommentSyntax(List<String> prefixes, boolean throwsInRegions) {
    private static final Set<String> HASH_COMMENTS = Set.of("properties", "yaml", "yml", "sh", "conf", "toml", "cfg");

    /** Copies the prefixes. */
    public CommentSyntax {
        prefixes = List.copyOf(prefixes);
    }

    /** The syntax for a file, chosen by its name's extension. */
    public static CommentSyntax forFile(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (ext.equals("java")) {
            return new CommentSyntax(List.of("//"), true);
        }
        if (HASH_COMMENTS.contains(ext)) {
            return new CommentSyntax(List.of("//", "#"), false);
        }
        return new CommentSyntax(List.of("//"), false);
    }
}
