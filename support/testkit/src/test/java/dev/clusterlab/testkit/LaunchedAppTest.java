package dev.clusterlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.clusterlab.testkit.fixture.TinyServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ProcessCleanup.class)
class LaunchedAppTest {

    private static final Duration SHORT = Duration.ofSeconds(5);

    @Test
    void startWaitsForThePortAndCapturesOutput() throws Exception {
        try (LaunchedApp app = AppLauncher.forMainClass(TinyServer.class).env("GREETING", "hi").start()) {
            HttpResult response = Http.get(app.port(), "/");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello from " + app.pid());
            assertThat(app.output()).contains("GREETING=hi").contains("listening on " + app.port());
            assertThat(app.awaitOutput(Pattern.compile("server pid (\\d+)"), SHORT).group(1))
                    .isEqualTo(Long.toString(app.pid()));
            assertThat(app.logFile().getFileName().toString())
                    .isEqualTo("LaunchedAppTest.startWaitsForThePortAndCapturesOutput-" + app.pid() + ".log");
            await().atMost(SHORT).untilAsserted(() ->
                    assertThat(Files.readString(app.logFile())).contains("listening on " + app.port()));
            assertThat(ProcInfo.of(app.process().toHandle()).isJava()).isTrue();
            assertThat(ProcInfo.of(app.process().toHandle()).commandLineContains(TinyServer.class.getName())).isTrue();
        }
    }

    @Test
    void closeKillsTheWholeTree() {
        LaunchedApp app = AppLauncher.forMainClass(TinyServer.class).args("tree").start();
        // The child JVM forks its own sleep once it is up: a primary, a worker and a worker's child.
        await().atMost(SHORT).until(() -> app.descendants().size() == 3);
        assertThat(app.children()).hasSize(2);
        assertThat(app.javaChildren()).singleElement()
                .satisfies(child -> assertThat(child.parentPid()).isEqualTo(app.pid()));
        assertThat(ProcessTree.children(app.pid())).isEqualTo(app.children());
        Set<Long> tree = new HashSet<>(ProcessTree.pids(app.descendants()));
        tree.add(app.pid());

        assertThat(ProcessTree.awaitGone(tree, Duration.ofMillis(100))).isEqualTo(tree);
        app.close();

        assertThat(ProcessTree.awaitGone(tree, SHORT)).isEmpty();
    }

    @Test
    void killStopsOnlyTheRootAndCloseStillFindsTheOrphans() {
        LaunchedApp app = AppLauncher.forMainClass(TinyServer.class).args("tree").start();
        await().atMost(SHORT).until(() -> app.descendants().size() == 3);
        List<Long> orphans = List.copyOf(ProcessTree.pids(app.descendants()));

        app.kill();

        assertThat(app.isAlive()).isFalse();
        assertThat(orphans).allMatch(ProcessTree::isAlive);
        // Re-parented now: nothing is under the dead root any more.
        assertThat(app.descendants()).isEmpty();
        app.close();
        assertThat(ProcessTree.awaitGone(orphans, SHORT)).isEmpty();
    }

    @Test
    void startFailsWithTheEndOfTheOutputWhenTheAppExitsFirst() {
        assertThatThrownBy(() -> AppLauncher.forMainClass(TinyServer.class).args("exit").start())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("exited with code 3 before accepting connections")
                .hasMessageContaining("Look at:")
                .hasMessageContaining("boom: the configuration is broken")
                .hasMessageContaining("testkit-logs");
    }

    @Test
    void startFailsAndKillsTheAppWhenNothingListensInTime() {
        Throwable failure = catchThrowable(() ->
                AppLauncher.forMainClass(TinyServer.class).args("no-listen").readyTimeout(Duration.ofSeconds(1)).start());

        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not accept connections on 127.0.0.1:")
                .hasMessageContaining("within 1 s")
                .hasMessageContaining("PORT");
        Matcher pid = Pattern.compile("server pid (\\d+)").matcher(failure.getMessage());
        assertThat(pid.find()).as("the output tail names the pid").isTrue();
        assertThat(ProcessTree.isAlive(Long.parseLong(pid.group(1)))).isFalse();
    }

    @Test
    void awaitOutputFailsWithTheOutputWhenThePatternNeverShows() {
        try (LaunchedApp app = AppLauncher.forMainClass(TinyServer.class).start()) {
            assertThatThrownBy(() -> app.awaitOutput("never printed", Duration.ofMillis(200)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("did not show")
                    .hasMessageContaining("within 200 ms")
                    .hasMessageContaining("listening on " + app.port());
        }
    }

    @Test
    void stopSendsSigtermSoShutdownHooksRun() {
        try (LaunchedApp app = AppLauncher.forMainClass(TinyServer.class).start()) {
            assertThat(app.stop()).isEqualTo(143);
            app.awaitOutput("bye from " + app.pid(), SHORT);
            assertThat(app.awaitExit(SHORT)).isEqualTo(143);
        }
    }
}
