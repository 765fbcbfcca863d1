package dev.clusterlab.grader.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the project's own Maven wrapper ({@code ./mvnw}) with {@code JAVA_HOME} set to the JDK the
 * grader runs on: the grader needs JDK 21+, and so do the labs, while the machine's default
 * {@code java} may be older.
 */
public final class WrapperMavenRunner implements MavenRunner {
    private final Duration timeout;
    private final List<String> extraArgs;
    private final PrintStream echo;

    /**
     * @param timeout how long one invocation may run before it is stopped
     * @param extraArgs appended to every invocation (for example {@code -o})
     * @param echo where to copy Maven's output as it comes, or null to keep it in the log only
     */
    public WrapperMavenRunner(Duration timeout, List<String> extraArgs, PrintStream echo) {
        this.timeout = timeout;
        this.extraArgs = List.copyOf(extraArgs);
        this.echo = echo;
    }

    @Override
    public MavenRun run(Path projectDir, List<String> args, Path log) throws IOException, InterruptedException {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
        Path wrapper = projectDir.resolve(windows ? "mvnw.cmd" : "mvnw");
        var command = new ArrayList<String>();
        if (!windows && !Files.isExecutable(wrapper)) {
            command.add("sh");  // an archive may have lost the executable bit
        }
        command.add(wrapper.toString());
        command.addAll(args);
        command.addAll(extraArgs);
        var builder = new ProcessBuilder(command).directory(projectDir.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        // Ctrl-C on the grader must not leave Maven and the JVMs it forked running.
        Thread stopOnExit = new Thread(() -> stopTree(process), "stop-maven");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            process.getOutputStream().close();
            Thread pump = Thread.ofPlatform().daemon().name("maven-output").start(() -> pump(process.getInputStream(), log));
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                stopTree(process);
                process.waitFor(30, TimeUnit.SECONDS);
            }
            pump.join(TimeUnit.SECONDS.toMillis(30));
            return new MavenRun(finished ? process.exitValue() : -1, !finished, log);
        } finally {
            // Also when this thread was interrupted while waiting: Maven must not outlive the call.
            stopTree(process);
            removeHook(stopOnExit);
        }
    }

    /** Surefire forks JVMs of its own, and checks start worker JVMs: stop the whole tree. */
    private static void stopTree(Process process) {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook itself.
        }
    }

    private void pump(InputStream in, Path log) {
        try (in; OutputStream out = Files.newOutputStream(log)) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (echo != null) {
                    echo.write(buffer, 0, n);
                    echo.flush();
                }
            }
        } catch (IOException e) {
            // The process died or the log could not be written; what was read so far is kept.
        }
    }
}
