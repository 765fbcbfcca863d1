package dev.clusterlab.testkit;

import java.time.Duration;
import java.util.List;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Builds the failure text a student sees: the original message, then the hint and where the logs are. */
final class Failures {

    /** How many lines of a failure message the result file keeps. */
    static final int MESSAGE_LINES = 15;

    private Failures() {
    }

    /** The failure as a student should read it: the message, prefixed by the type unless it is an assertion. */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (failure instanceof AssertionError) {
            return message != null ? message : failure.getClass().getName();
        }
        return message != null ? failure.getClass().getName() + ": " + message : failure.getClass().getName();
    }

    /** The hint and log lines that follow the message; "" when there are neither. */
    static String addendum(String hint, List<String> logFiles) {
        StringBuilder text = new StringBuilder();
        if (hint != null) {
            text.append("\n\nHint: ").append(hint);
        }
        if (!logFiles.isEmpty()) {
            text.append(hint != null ? "\n" : "\n\n").append("Output of the apps this check started: ")
                    .append(String.join(", ", logFiles));
        }
        return text.toString();
    }

    /**
     * {@code failure} with the addendum after its message, keeping its stack trace, cause and, for
     * AssertJ or JUnit comparisons, expected and actual (so IDEs still offer a diff). Aborted checks and
     * failures without an addendum come back unchanged.
     */
    static Throwable augment(Throwable failure, String addendum) {
        if (addendum.isEmpty() || failure instanceof TestAbortedException) {
            return failure;
        }
        String message = describe(failure) + addendum;
        AssertionError augmented = failure instanceof AssertionFailedError afe && afe.isExpectedDefined()
                ? new AssertionFailedError(message, afe.getExpected(), afe.getActual(), failure.getCause())
                : new AssertionError(message, failure.getCause());
        augmented.setStackTrace(failure.getStackTrace());
        for (Throwable suppressed : failure.getSuppressed()) {
            augmented.addSuppressed(suppressed);
        }
        return augmented;
    }

    /** A bound as failure messages show it: {@code 20 s}, or {@code 500 ms} when not whole seconds. */
    static String duration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** The first {@value #MESSAGE_LINES} lines of {@code text}, saying how many were cut. */
    static String firstLines(String text) {
        List<String> lines = text.lines().toList();
        if (lines.size() <= MESSAGE_LINES) {
            return text;
        }
        return String.join("\n", lines.subList(0, MESSAGE_LINES))
                + "\n[... " + (lines.size() - MESSAGE_LINES) + " more lines in the test report]";
    }
}
