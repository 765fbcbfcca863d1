package dev.clusterlab.task09;

import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.LaunchedApp;
import java.time.Duration;

/** Starts {@link MonitoredServer} for a check, and fails at once, naming the TODO, when it cannot start. */
final class Startup {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Startup() {
    }

    /** The launched app once its workers' port accepts connections. */
    static LaunchedApp listening(AppLauncher launcher) {
        LaunchedApp app = launcher.spawn();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                return app.awaitListening(Duration.ofMillis(500));
            } catch (AssertionError notYet) {
                String todo = app.output().lines().filter(l -> l.contains("TODO(task09)")).findFirst().orElse(null);
                if (todo != null || !app.isAlive() || System.nanoTime() > deadline) {
                    String output = app.outputTail(20);
                    app.close();
                    throw new AssertionError("The cluster did not start" + (todo == null ? "" : ": " + todo.strip())
                            + "\nIts output:\n" + output, notYet);
                }
            }
        }
    }
}
