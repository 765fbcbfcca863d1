package dev.clusterlab.grader.labs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/** Compares a generated lab with the committed {@code labs/taskNN/src/main}. */
public final class LabComparer {
    private static final int EXCERPT_LINES = 16;

    /** The differences, sorted by path; empty when the committed lab is up to date. */
    public List<FileDifference> compare(GeneratedLab lab, Path labMain) throws IOException {
        var committed = new TreeSet<String>();
        for (Path p : LabGenerator.regularFiles(labMain)) {
            committed.add(LabGenerator.relative(labMain, p));
        }
        var all = new TreeSet<>(committed);
        all.addAll(lab.files().keySet());
        var diffs = new ArrayList<FileDifference>();
        for (String rel : all) {
            byte[] generated = lab.files().get(rel);
            if (!committed.contains(rel)) {
                diffs.add(new FileDifference(lab.task(), rel, FileDifference.Kind.MISSING_IN_LAB, List.of()));
            } else if (generated == null) {
                diffs.add(new FileDifference(lab.task(), rel, FileDifference.Kind.EXTRA_IN_LAB, List.of()));
            } else {
                byte[] actual = Files.readAllBytes(labMain.resolve(rel));
                if (!Arrays.equals(actual, generated)) {
                    diffs.add(new FileDifference(lab.task(), rel, FileDifference.Kind.CHANGED,
                            excerpt(actual, generated)));
                }
            }
        }
        return diffs;
    }

    private static List<String> excerpt(byte[] committed, byte[] generated) {
        var a = TextFiles.decode(committed);
        var b = TextFiles.decode(generated);
        if (a.isEmpty() || b.isEmpty()) {
            return List.of("binary files differ");
        }
        return LineDiff.excerpt(a.get(), b.get(), EXCERPT_LINES);
    }
}
