package dev.clusterlab.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Starts an app's main class as a separate JVM, the way a student would run it: same java binary and
 * class path as the test JVM, {@code PORT} (and any other variables) in its environment.
 *
 * <pre>{@code
 * try (LaunchedApp app = AppLauncher.forMainClass(Server.class).workers(2).start()) {
 *     assertThat(Http.get(app.port(), "/").status()).isEqualTo(200);
 * }
 * }</pre>
 *
 * <p>Every launched app is registered for {@link ProcessCleanup}, so it dies with the check that
 * started it even when the check forgets to close it or fails.
 */
public final class AppLauncher {

    /** JVM args every app gets: Netty's native transport needs native access on JDK 24+. */
    public static final List<String> DEFAULT_JVM_ARGS = List.of("--enable-native-access=ALL-UNNAMED");
    /** How long {@link #start()} waits for the port by default: JVM start plus forking workers. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(20);
    /**
     * A system property set on every launched JVM with a value unique to the launch. Workers that
     * re-use their primary's JVM args carry it too, so {@link LaunchedApp#close()} finds them even
     * after their primary died and they were re-parented.
     */
    public static final String LAUNCH_TOKEN_PROPERTY = "clusterlab.testkit.launch";

    private final String mainClass;
    /** A program other than a JVM (nginx ...), or null for {@link #mainClass} on this JDK. */
    private final List<String> program;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private int port;
    private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
    private String name;
    private String classPath;
    private Path workingDirectory;

    private AppLauncher(String mainClass, List<String> program) {
        this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        this.program = program;
    }

    private AppLauncher(String mainClass) {
        this(mainClass, null);
    }

    /**
     * A launcher for a program that is not a JVM (say nginx), started as {@code command} plus
     * {@link #args}; JVM args and the class path do not apply. Its process tree is cleaned up like
     * an app's.
     */
    public static AppLauncher forCommand(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must name a program");
        }
        return new AppLauncher(Path.of(command.getFirst()).getFileName().toString(), List.copyOf(command));
    }

    /** A launcher for {@code mainClass}, which must be on the test JVM's class path. */
    public static AppLauncher forMainClass(Class<?> mainClass) {
        return new AppLauncher(mainClass.getName());
    }

    /** A launcher for the main class with this binary name, e.g. {@code dev.clusterlab.task02.Server}. */
    public static AppLauncher forMainClass(String mainClassName) {
        return new AppLauncher(mainClassName);
    }

    /** The port the app must listen on (passed as {@code PORT}); by default a free one is picked. */
    public AppLauncher port(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, was " + port);
        }
        this.port = port;
        return this;
    }

    /** Extra JVM args, after {@link #DEFAULT_JVM_ARGS}, e.g. {@code -Xmx128m}. */
    public AppLauncher jvmArgs(String... jvmArgs) {
        this.jvmArgs.addAll(Arrays.asList(jvmArgs));
        return this;
    }

    /** Program args, passed to {@code main}. */
    public AppLauncher args(String... args) {
        this.args.addAll(Arrays.asList(args));
        return this;
    }

    /** An environment variable for the app, on top of the test JVM's environment. */
    public AppLauncher env(String name, String value) {
        env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Environment variables for the app, on top of the test JVM's environment. */
    public AppLauncher env(Map<String, String> variables) {
        variables.forEach(this::env);
        return this;
    }

    /** Sets {@code WORKERS}, which the labs' apps read to size their cluster. */
    public AppLauncher workers(int workers) {
        return env("WORKERS", Integer.toString(workers));
    }

    /** How long {@link #start()} waits for the app to accept connections. */
    public AppLauncher readyTimeout(Duration readyTimeout) {
        this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
        return this;
    }

    /** The name in the log file's name; by default the running test's name. */
    public AppLauncher name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** Overrides the class path (by default the test JVM's {@code java.class.path}). */
    public AppLauncher classPath(String classPath) {
        this.classPath = Objects.requireNonNull(classPath, "classPath");
        return this;
    }

    /** The app's working directory; by default the test JVM's (the module directory under Surefire). */
    public AppLauncher workingDirectory(Path workingDirectory) {
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        return this;
    }

    /**
     * Launches the app and waits until it accepts TCP connections on 127.0.0.1:{@code port}.
     *
     * @throws AssertionError if the app exits first or is not ready in time; the message carries the
     *     end of its output. The app's process tree is killed before the error is thrown.
     */
    public LaunchedApp start() {
        LaunchedApp app = spawn();
        try {
            return app.awaitListening(readyTimeout);
        } catch (RuntimeException | Error e) {
            app.close();
            throw e;
        }
    }

    /** Launches the app without waiting for anything; for apps that do not listen, or checks that time it. */
    public LaunchedApp spawn() {
        int appPort = port != 0 ? port : Ports.freePort();
        String token = UUID.randomUUID().toString();
        ProcessBuilder builder = new ProcessBuilder(command(token)).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("PORT", Integer.toString(appPort));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", builder.command()), e);
        }
        return new LaunchedApp(process, appPort, mainClass, logName(), token);
    }

    private List<String> command(String token) {
        if (program != null) {
            List<String> command = new ArrayList<>(program);
            command.addAll(args);
            return command;
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(DEFAULT_JVM_ARGS);
        command.add("-D" + LAUNCH_TOKEN_PROPERTY + "=" + token);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath != null ? classPath : System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** The test JVM's own java binary, so the app runs on the JDK the build runs on. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private String logName() {
        if (name != null) {
            return name;
        }
        String test = LaunchRegistry.currentTest();
        return test != null ? test : mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }
}
