package dev.clusterlab.grader;

/**
 * A failure the user can act on (a missing directory, a Maven step that failed); the CLI prints its
 * message without a stack trace and exits with 1.
 */
public class GraderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message shown to the user. */
    public GraderException(String message) {
        super(message);
    }

    /** Creates the exception with the message shown to the user and its cause. */
    public GraderException(String message, Throwable cause) {
        super(message, cause);
    }
}
