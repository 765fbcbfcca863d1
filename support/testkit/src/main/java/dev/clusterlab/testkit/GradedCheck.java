package dev.clusterlab.testkit;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit extension behind {@link Graded}. For each check it
 * <ul>
 *   <li>adds the check's {@link Hint} (and where its apps' output is) after the failure message, so
 *       Surefire shows {@code <message>\n\nHint: <hint>};</li>
 *   <li>writes {@code target/clusterlab-results/<Class>#<method>.json} ({@link CheckResult}), passed or
 *       not; a disabled or aborted check is written as not passed, saying why it was skipped;</li>
 *   <li>bounds it in time: {@value CheckTimeout#DEFAULT_SECONDS} s unless the method or class carries
 *       JUnit's {@code @Timeout} (see {@link CheckTimeout}).</li>
 * </ul>
 * The results directory is {@code target/clusterlab-results} under the module, or the configuration
 * parameter or system property {@code clusterlab.results.dir}.
 */
public final class GradedCheck implements BeforeEachCallback, InvocationInterceptor, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GradedCheck.class);
    private static final String START = "start";
    private static final String MARK = "mark";
    private static final String FAILURE = "failure";
    private static final String CASES = "cases";

    /** Creates the extension; JUnit does this for {@link Graded} or {@code @ExtendWith}. */
    public GradedCheck() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        store.put(START, System.nanoTime());
        store.put(MARK, LaunchRegistry.mark());
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        bounded(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext context) throws Throwable {
        bounded(invocation, context);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withHint(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withHint(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withHint(context, throwable);
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        record(context, true, null);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String failure = context.getStore(NAMESPACE).get(FAILURE, String.class);
        String message = Failures.firstLines(failure != null ? failure : Failures.describe(cause))
                + Failures.addendum(hint(context), logFiles(context));
        record(context, false, message);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        record(context, false, "Skipped: an assumption failed"
                + (cause.getMessage() != null ? ": " + cause.getMessage() : "") + ". The check gives no points.");
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        record(context, false, "Skipped: the check is disabled (" + reason.orElse("no reason given")
                + "). The check gives no points.");
    }

    private void bounded(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        Optional<Duration> bound = CheckTimeout.boundFor(context);
        if (bound.isEmpty()) {
            invocation.proceed();
            return;
        }
        Long mark = context.getStore(NAMESPACE).get(MARK, Long.class);
        CheckTimeout.proceed(invocation, bound.get(), mark != null ? mark : LaunchRegistry.mark(),
                ProcessCleanup.testName(context));
    }

    private Throwable withHint(ExtensionContext context, Throwable throwable) {
        // Keep the first failure's own text for the result file: later ones (in @AfterEach) are echoes.
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(FAILURE) == null) {
            store.put(FAILURE, Failures.describe(throwable));
        }
        return Failures.augment(throwable, Failures.addendum(hint(context), logFiles(context)));
    }

    private void record(ExtensionContext context, boolean passed, String message) {
        Method method = context.getRequiredTestMethod();
        Class<?> checkClass = context.getRequiredTestClass();
        Long start = context.getStore(NAMESPACE).get(START, Long.class);
        long millis = start == null ? 0 : Duration.ofNanos(System.nanoTime() - start).toMillis();
        // A parameterized or repeated check is one check: fold its invocations into one result.
        Optional<ExtensionContext> template = context.getParent().filter(p -> p.getTestMethod().isPresent());
        CheckResult result = new CheckResult(CheckResult.taskOf(checkClass),
                template.orElse(context).getDisplayName(), checkClass.getName(), method.getName(),
                AnnotationSupport.findAnnotation(method, Points.class).map(Points::value).orElse(0),
                passed, message, hint(context), millis);
        Path dir = TestkitDirs.resultsDir(context::getConfigurationParameter);
        if (template.isEmpty()) {
            write(dir, result);
            return;
        }
        ExtensionContext.Store store = template.get().getStore(NAMESPACE);
        Cases cases = store.get(CASES, Cases.class);
        if (cases == null) {
            cases = new Cases(dir);
            store.put(CASES, cases);
        }
        cases.add(result);
    }

    private static void write(Path dir, CheckResult result) {
        try {
            ResultWriter.write(dir, result);
        } catch (RuntimeException e) {
            // JUnit would only log it; say it plainly, since a missing file costs the student the points.
            System.err.println("testkit: " + e.getMessage() + ": " + e.getCause());
        }
    }

    private static String hint(ExtensionContext context) {
        return context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, Hint.class))
                .or(() -> context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, Hint.class)))
                .map(Hint::value)
                .orElse(null);
    }

    /**
     * The cases of one parameterized or repeated check, folded into one result. Until the last case
     * has ended the file never says passed, so a test JVM that dies between cases (a crash, or Maven
     * stopped at the grader's time limit) cannot leave a pass behind for cases that never ran. JUnit
     * closes this, with the check's store, once every case has ended; then the real result is written.
     */
    private static final class Cases implements AutoCloseable {
        private final Path dir;
        private CheckResult merged;

        Cases(Path dir) {
            this.dir = dir;
        }

        void add(CheckResult result) {
            merged = merged == null ? result : merged.merge(result);
            write(dir, merged.passed() ? merged.unfinished() : merged);
        }

        @Override
        public void close() {
            if (merged != null) {
                write(dir, merged);
            }
        }
    }

    private static List<String> logFiles(ExtensionContext context) {
        Long mark = context.getStore(NAMESPACE).get(MARK, Long.class);
        return mark == null ? List.of()
                : LaunchRegistry.logFilesSince(mark).stream().map(TestkitDirs::display).toList();
    }
}
