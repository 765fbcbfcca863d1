package dev.clusterlab.testkit;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Bounds a check in time, so one hung app cannot hang the grader.
 *
 * <p>The check runs on its own thread; at the bound that thread is interrupted, the apps the check
 * launched are killed (which unblocks anything waiting on them), and the check fails with a message
 * naming the bound. A check that carries JUnit's {@link Timeout} (on the method or class) is left to
 * JUnit. The default bound is {@value #DEFAULT_SECONDS} s, configurable with the JUnit configuration
 * parameter or system property {@value #PROPERTY} (e.g. {@code 90s}, {@code 2m}, {@code 500ms}).
 */
final class CheckTimeout {

    static final String PROPERTY = "clusterlab.check.timeout";
    static final long DEFAULT_SECONDS = 60;
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(2);

    private CheckTimeout() {
    }

    /** The bound for this check, or empty when JUnit's {@code @Timeout} governs it. */
    static Optional<Duration> boundFor(ExtensionContext context) {
        if (hasTimeout(context.getTestMethod().orElse(null))) {
            return Optional.empty();
        }
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            if (hasTimeout(c)) {
                return Optional.empty();
            }
        }
        return Optional.of(context.getConfigurationParameter(PROPERTY)
                .map(CheckTimeout::parse)
                .orElse(Duration.ofSeconds(DEFAULT_SECONDS)));
    }

    /**
     * Runs {@code invocation} on a thread of its own and waits at most {@code bound}.
     *
     * @param launchMark apps launched since this mark are killed when the bound passes
     */
    static <T> T proceed(Invocation<T> invocation, Duration bound, long launchMark, String checkName)
            throws Throwable {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread check = new Thread(() -> {
            try {
                result.set(invocation.proceed());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "check-" + checkName);
        check.setDaemon(true);
        check.start();
        check.join(bound);
        if (check.isAlive()) {
            StackTraceElement[] stack = check.getStackTrace();
            check.interrupt();
            LaunchRegistry.closeSince(launchMark);
            check.join(AFTER_INTERRUPT);
            Exception where = new Exception("where the check was when its time ran out (thread " + check.getName() + ")");
            where.setStackTrace(stack);
            throw new AssertionError("The check did not finish within its time bound of " + Failures.duration(bound)
                    + "; it was interrupted and the apps it started were killed. Something it waits for never"
                    + " happens: see where it was below and the apps' output.", where);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** Parses "60", "60s", "500ms", "2m" or an ISO-8601 duration such as "PT1M". */
    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            }
            if (t.endsWith("m") && !t.startsWith("p")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            }
            if (t.startsWith("p")) {
                return Duration.parse(text.trim());
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(PROPERTY + " must look like 60s, 500ms or 2m, was '" + text + "'", e);
        }
    }

    private static boolean hasTimeout(AnnotatedElement element) {
        return element != null && AnnotationSupport.isAnnotated(element, Timeout.class);
    }
}
