package dev.clusterlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

class GradedCheckTest {

    private static final String SAMPLE = "dev.clusterlab.task99.SampleChecks";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path results;
    private static EngineExecutionResults run;

    @BeforeAll
    static void runTheSampleChecks() throws ReflectiveOperationException {
        Class.forName(SAMPLE).getField("resultsDir").set(null, results);
        run = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Class.forName(SAMPLE)))
                .configurationParameter("clusterlab.results.dir", results.toString())
                .execute();
    }

    @Test
    void aFailureShowsTheOriginalMessageThenTheHint() {
        run.testEvents().assertThatEvents().haveExactly(1, event(test("fails"),
                finishedWithFailure(instanceOf(AssertionError.class),
                        message(m -> m.contains("[the answer]") && m.contains("expected: 2")
                                && m.endsWith("\n\nHint: Look at the answer.")))));
    }

    @Test
    void anExceptionBecomesAnAssertionNamingItsTypeWithItsStackTrace() {
        Throwable thrown = run.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals("throwsException()"))
                .findFirst().orElseThrow()
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();

        assertThat(thrown).isInstanceOf(AssertionError.class).hasMessage(
                "java.lang.UnsupportedOperationException: TODO(task99): fork the workers\n\n"
                        + "Hint: Does the stub still throw?");
        assertThat(thrown.getStackTrace()).anySatisfy(frame -> assertThat(frame.getMethodName())
                .isEqualTo("throwsException"));
    }

    @Test
    void writesOneResultFilePerCheck() throws IOException {
        try (Stream<Path> files = Files.list(results)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    SAMPLE + "#passes.json", SAMPLE + "#fails.json", SAMPLE + "#throwsException.json",
                    SAMPLE + "#disabled.json", SAMPLE + "#aborted.json", SAMPLE + "#withJUnitTimeout.json",
                    SAMPLE + "#parameterized.json", SAMPLE + "#parameterizedPasses.json", SAMPLE + "#failsWithAnApp.json",
                    SAMPLE + "#withoutPoints.json");
        }
    }

    @Test
    void aPassingCheckIsWrittenWithItsPointsAndNoMessage() throws IOException {
        JsonNode passed = result("passes");

        assertThat(fieldNames(passed)).containsExactly("task", "check", "className", "method", "points", "passed",
                "message", "hint", "durationMillis");
        assertThat(passed.get("task").asText()).isEqualTo("task99");
        assertThat(passed.get("check").asText()).isEqualTo("answers on the port");
        assertThat(passed.get("className").asText()).isEqualTo(SAMPLE);
        assertThat(passed.get("method").asText()).isEqualTo("passes");
        assertThat(passed.get("points").asInt()).isEqualTo(5);
        assertThat(passed.get("passed").asBoolean()).isTrue();
        assertThat(passed.get("message").isNull()).isTrue();
        assertThat(passed.get("hint").isNull()).isTrue();
        assertThat(passed.get("durationMillis").asLong()).isNotNegative();
        assertThat(JSON.treeToValue(passed, CheckResult.class).points()).isEqualTo(5);
    }

    @Test
    void aFailingCheckIsWrittenWithItsMessageAndHint() throws IOException {
        JsonNode failed = result("fails");

        assertThat(failed.get("passed").asBoolean()).isFalse();
        assertThat(failed.get("points").asInt()).isEqualTo(3);
        assertThat(failed.get("check").asText()).isEqualTo("fails()");
        assertThat(failed.get("hint").asText()).isEqualTo("Look at the answer.");
        assertThat(failed.get("message").asText()).contains("expected: 2").endsWith("Hint: Look at the answer.");
        assertThat(result("withoutPoints").get("points").asInt()).isZero();
    }

    @Test
    void skippedChecksAreWrittenAsNotPassedSayingWhy() throws IOException {
        assertThat(result("disabled").get("passed").asBoolean()).isFalse();
        assertThat(result("disabled").get("message").asText()).startsWith("Skipped").contains("needs nginx");
        assertThat(result("aborted").get("passed").asBoolean()).isFalse();
        assertThat(result("aborted").get("message").asText()).startsWith("Skipped").contains("no second machine");
    }

    @Test
    void aParameterizedCheckIsOneResultThatPassesOnlyIfEveryCasePasses() throws IOException {
        JsonNode parameterized = result("parameterized");

        assertThat(parameterized.get("passed").asBoolean()).isFalse();
        assertThat(parameterized.get("points").asInt()).isEqualTo(2);
        assertThat(parameterized.get("check").asText()).isEqualTo("parameterized(int)");
        assertThat(parameterized.get("message").asText()).contains("3");
    }

    @Test
    void aParameterizedCheckPassesOnlyOnceItsLastCaseHasPassed() throws Exception {
        JsonNode between = JSON.readTree(staticString("resultBetweenCases"));
        assertThat(between.get("passed").asBoolean()).as("a test JVM dying here must not leave a pass").isFalse();
        assertThat(between.get("message").asText()).startsWith("Not finished");

        JsonNode done = result("parameterizedPasses");
        assertThat(done.get("passed").asBoolean()).isTrue();
        assertThat(done.get("message").isNull()).isTrue();
        assertThat(done.get("points").asInt()).isEqualTo(1);
    }

    @Test
    void aFailingCheckNamesItsAppsLogsAndItsAppsAreKilled() throws Exception {
        long pid = staticLong("appPid");
        String expectedLog = "SampleChecks.failsWithAnApp-" + pid + ".log";

        assertThat(result("failsWithAnApp").get("message").asText())
                .contains("[workers]")
                .contains("Hint: Does the primary fork its workers?")
                .contains("Output of the apps this check started: ")
                .contains(expectedLog);
        assertThat(ProcessTree.awaitGone(List.of(pid), Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void checksRunOnTheirOwnBoundedThreadUnlessJUnitsTimeoutGovernsThem() throws Exception {
        assertThat(staticString("passingThread")).startsWith("check-SampleChecks.passes");
        assertThat(staticString("timeoutThread")).doesNotStartWith("check-");
    }

    @Test
    void aCheckThatOutlivesItsBoundFailsNamingTheBoundAndItsAppsAreKilled(@TempDir Path dir) throws Exception {
        Class<?> hanging = Class.forName("dev.clusterlab.task99.HangingCheck");
        long start = System.nanoTime();

        EngineTestKit.engine("junit-jupiter").selectors(selectClass(hanging))
                .configurationParameter("clusterlab.results.dir", dir.toString())
                .configurationParameter("clusterlab.check.timeout", "2s")
                .execute().testEvents()
                .assertThatEvents().haveExactly(1, event(test("hangs"), finishedWithFailure(
                        message(m -> m.contains("time bound of 2 s") && m.contains("Hint: Does the app ever answer?")))));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        Field pid = hanging.getDeclaredField("appPid");
        pid.setAccessible(true);
        assertThat(ProcessTree.isAlive(pid.getLong(null))).isFalse();
        JsonNode result = JSON.readTree(dir.resolve(hanging.getName() + "#hangs.json").toFile());
        assertThat(result.get("passed").asBoolean()).isFalse();
        assertThat(result.get("message").asText()).contains("time bound of 2 s");
    }

    private static JsonNode result(String method) throws IOException {
        return JSON.readTree(results.resolve(SAMPLE + "#" + method + ".json").toFile());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static long staticLong(String name) throws ReflectiveOperationException {
        Field field = Class.forName(SAMPLE).getDeclaredField(name);
        field.setAccessible(true);
        return field.getLong(null);
    }

    private static String staticString(String name) throws ReflectiveOperationException {
        Field field = Class.forName(SAMPLE).getDeclaredField(name);
        field.setAccessible(true);
        return (String) field.get(null);
    }
}
