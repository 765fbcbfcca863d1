package dev.clusterlab.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Kills every app launched during a test when the test ends, pass or fail; apps launched in
 * {@code @BeforeAll} live until the class ends. {@link Graded} brings this extension along; other
 * tests use {@code @ExtendWith(ProcessCleanup.class)}.
 *
 * <p>It kills only what the testkit launched (and their descendants), by pid. A JVM shutdown hook
 * covers a test JVM that is stopped before an after-callback runs.
 */
public final class ProcessCleanup implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ProcessCleanup.class);
    private static final String MARK = "mark";

    /** Creates the extension; JUnit does this for {@code @ExtendWith}. */
    public ProcessCleanup() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(MARK, LaunchRegistry.mark());
        LaunchRegistry.setCurrentTest(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // Runs before the test's own @BeforeEach methods, so apps they launch are after the mark.
        context.getStore(NAMESPACE).put(MARK, LaunchRegistry.mark());
        LaunchRegistry.setCurrentTest(testName(context));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeSinceMark(context);
        LaunchRegistry.setCurrentTest(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeSinceMark(context);
        LaunchRegistry.setCurrentTest(null);
    }

    /** The class and method, as used in log file names: {@code ClusterChecks.forksTwoWorkers}. */
    static String testName(ExtensionContext context) {
        return context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    }

    private static void closeSinceMark(ExtensionContext context) {
        Long mark = context.getStore(NAMESPACE).get(MARK, Long.class);
        LaunchRegistry.closeSince(mark != null ? mark : 0);
    }
}
