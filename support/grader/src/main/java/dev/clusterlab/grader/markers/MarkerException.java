package dev.clusterlab.grader.markers;

import dev.clusterlab.grader.GraderException;

/** A marker mistake in a solution file (unbalanced, nested or misplaced), naming the file and line. */
public final class MarkerException extends GraderException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    /** Creates it for {@code file} at 1-based {@code line}. */
    public MarkerException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The file, as given to the transformer. */
    public String file() {
        return file;
    }

    /** The 1-based line of the offending marker. */
    public int line() {
        return line;
    }
}
