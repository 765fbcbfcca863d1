package dev.clusterlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.testkit.fixture.TinyServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests that leak apps, run by {@link ProcessCleanupTest} through the engine test kit (Surefire does
 * not pick this class up: its name does not end in Test).
 */
@ExtendWith(ProcessCleanup.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeakyChecks {

    static volatile long classApp;
    static volatile long failingApp;
    static volatile boolean classAppAliveInSecondTest;

    @BeforeAll
    static void startSharedApp() {
        classApp = AppLauncher.forMainClass(TinyServer.class).start().pid();
    }

    @Test
    @Order(1)
    void leaksAnAppAndFails() {
        failingApp = AppLauncher.forMainClass(TinyServer.class).args("tree").start().pid();
        throw new IllegalStateException("failing on purpose, with an app left open");
    }

    @Test
    @Order(2)
    void seesTheSharedAppStillRunning() {
        classAppAliveInSecondTest = ProcessTree.isAlive(classApp);
        assertThat(ProcessTree.isAlive(failingApp)).isFalse();
    }
}
