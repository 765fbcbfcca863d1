package dev.clusterlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class ProcessCleanupTest {

    @Test
    void killsWhatEachTestLaunchedAndWhatTheClassLaunchedAtTheEnd() {
        long mark = LaunchRegistry.mark();

        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(LeakyChecks.class))
                .execute().testEvents();

        tests.assertStatistics(s -> s.started(2).failed(1).succeeded(1));
        assertThat(LeakyChecks.classAppAliveInSecondTest).as("an app from @BeforeAll lives until the class ends")
                .isTrue();
        assertThat(ProcessTree.awaitGone(List.of(LeakyChecks.classApp, LeakyChecks.failingApp), Duration.ofSeconds(5)))
                .isEmpty();
        assertThat(LaunchRegistry.openSince(mark)).isEmpty();
    }
}
