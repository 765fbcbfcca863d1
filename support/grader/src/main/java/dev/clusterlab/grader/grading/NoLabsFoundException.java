package dev.clusterlab.grader.grading;

import dev.clusterlab.grader.GraderException;

/** A submission folder holds no {@code taskNN} folders; batch grading scores it 0 and goes on. */
public final class NoLabsFoundException extends GraderException {
    private static final long serialVersionUID = 1L;

    /** Creates it with the message shown to the user. */
    public NoLabsFoundException(String message) {
        super(message);
    }
}
