package dev.clusterlab.task99;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.fixture.TinyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Graded checks of a pretend task 99, run by {@code GradedCheckTest} through the engine test kit
 * (Surefire skips this class: its name does not end in Test).
 */
@Graded
public class SampleChecks {

    static volatile String passingThread;
    static volatile String timeoutThread;
    static volatile long appPid;
    /** Where the results go; set by the test that runs these checks. */
    public static volatile Path resultsDir;
    static volatile String resultBetweenCases;

    @Test
    @Points(5)
    @DisplayName("answers on the port")
    void passes() {
        passingThread = Thread.currentThread().getName();
    }

    @Test
    @Points(3)
    @Hint("Look at the answer.")
    void fails() {
        assertThat(1).as("the answer").isEqualTo(2);
    }

    @Test
    @Points(2)
    @Hint("Does the stub still throw?")
    void throwsException() {
        throw new UnsupportedOperationException("TODO(task99): fork the workers");
    }

    @Test
    @Points(1)
    @Disabled("needs nginx")
    void disabled() {
    }

    @Test
    @Points(1)
    void aborted() {
        assumeTrue(false, "no second machine");
    }

    @Test
    @Points(2)
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void withJUnitTimeout() {
        timeoutThread = Thread.currentThread().getName();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    @Points(2)
    void parameterized(int n) {
        assertThat(n).isLessThan(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    @Points(1)
    void parameterizedPasses(int n) throws IOException {
        if (n == 2) {
            resultBetweenCases = Files.readString(resultsDir.resolve(SampleChecks.class.getName() + "#parameterizedPasses.json"));
        }
    }

    @Test
    @Points(4)
    @Hint("Does the primary fork its workers?")
    void failsWithAnApp() {
        appPid = AppLauncher.forMainClass(TinyServer.class).start().pid();
        assertThat(0).as("workers").isEqualTo(2);
    }

    @Test
    void withoutPoints() {
    }
}
