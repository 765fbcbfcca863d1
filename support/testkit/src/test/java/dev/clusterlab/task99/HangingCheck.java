package dev.clusterlab.task99;

import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.fixture.TinyServer;
import org.junit.jupiter.api.Test;

/** A check that never ends, run by {@code GradedCheckTest} with a short time bound. */
@Graded
@Hint("Does the app ever answer?")
public class HangingCheck {

    static volatile long appPid;

    @Test
    @Points(4)
    void hangs() throws InterruptedException {
        appPid = AppLauncher.forMainClass(TinyServer.class).start().pid();
        Thread.sleep(60_000);
    }
}
