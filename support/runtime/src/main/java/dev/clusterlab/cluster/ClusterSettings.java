package dev.clusterlab.cluster;

import dev.clusterlab.ipc.Frames;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What {@link Cluster#fork()} launches: Node's {@code cluster.settings}, set with
 * {@link Cluster#setupPrimary(ClusterSettings)}.
 *
 * <p>By default a worker is the same JVM command again: this java binary, its JVM options (less a
 * debugger agent, whose port would collide), its class path, and the main class and arguments it
 * was started with; its class-data cache is {@code $CLUSTERLAB_AOT_CACHE}, if set.
 *
 * @param javaBinary       the {@code java} executable (Node's {@code execPath})
 * @param jvmArgs          options before the class path (Node's {@code execArgv})
 * @param classPath        the worker's class path
 * @param mainClass        the worker's main class (Node's {@code exec})
 * @param args             the program arguments (Node's {@code args})
 * @param silent           true: the worker's output reaches only {@link Worker#onOutput} listeners;
 *                         false: each line is also printed by the primary, prefixed with the worker id
 * @param schedulingPolicy how connections are spread over workers
 * @param cwd              the worker's working directory, or null for the primary's
 * @param env              variables added to every worker's environment
 * @param maxMessageBytes  the largest IPC message, in bytes of JSON
 * @param scheduler        makes the {@link Scheduler} of each {@link SchedulingPolicy#ROUND_ROBIN} port
 * @param aotCache         the workers' class-data cache file, or null for none: see {@link Builder#aotCache(Path)}
 * @param standby          how many warm standby workers the primary keeps beside the ones it forks: see
 *                         {@link Builder#standby(int)}
 */
public record ClusterSettings(Path javaBinary, List<String> jvmArgs, String classPath, String mainClass,
                              List<String> args, boolean silent, SchedulingPolicy schedulingPolicy, Path cwd,
                              Map<String, String> env, int maxMessageBytes,
                              java.util.function.Supplier<? extends Scheduler> scheduler, Path aotCache,
                              int standby) {

    /** Validates and copies. */
    public ClusterSettings {
        Objects.requireNonNull(javaBinary, "javaBinary");
        Objects.requireNonNull(classPath, "classPath");
        Objects.requireNonNull(mainClass, "mainClass: the class whose main() a worker runs");
        Objects.requireNonNull(schedulingPolicy, "schedulingPolicy");
        Objects.requireNonNull(scheduler, "scheduler");
        jvmArgs = List.copyOf(jvmArgs);
        args = List.copyOf(args);
        env = Map.copyOf(env);
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + maxMessageBytes);
        }
        if (standby < 0) {
            throw new IllegalArgumentException("standby must be 0 or more, was " + standby);
        }
    }

    /** The settings a worker of this JVM gets when nothing was set. */
    public static ClusterSettings defaults() {
        return new ClusterSettings(currentJava(), inheritedJvmArgs(), System.getProperty("java.class.path"),
                currentMainClass(), currentArgs(), false, SchedulingPolicy.fromEnvironment(), null, Map.of(),
                Frames.DEFAULT_MAX_FRAME_BYTES, Scheduler::roundRobin, aotCacheFromEnvironment(),
                dev.clusterlab.config.Env.integer(STANDBY_ENV, 0, 0));
    }

    /** The environment variable that sets {@link Builder#standby(int)} by default (0 when unset). */
    public static final String STANDBY_ENV = "CLUSTERLAB_STANDBY";

    /** The environment variable that sets {@link Builder#aotCache(Path)} by default; {@code ./workbook demo} sets it. */
    public static final String AOT_CACHE_ENV = "CLUSTERLAB_AOT_CACHE";

    private static Path aotCacheFromEnvironment() {
        String value = System.getenv(AOT_CACHE_ENV);
        return value == null || value.isBlank() ? null : Path.of(value.trim());
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static Path currentJava() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    private static List<String> inheritedJvmArgs() {
        List<String> out = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // A debugger or JMX port, or an AOT training output, cannot be shared by several JVMs
            // (a second JVM on the same JMX port exits at start), and each open port is one more
            // way in: a worker gets none of them.
            if (arg.startsWith("-agentlib:jdwp") || arg.startsWith("-Xrunjdwp") || arg.startsWith("-XX:AOTCacheOutput")
                    || arg.startsWith("-Dcom.sun.management.jmxremote.port=")
                    || arg.startsWith("-Dcom.sun.management.jmxremote.rmi.port=")) {
                continue;
            }
            out.add(arg);
        }
        return out;
    }

    /**
     * The main class (or jar) and program arguments this JVM was launched with. The JDK gives them
     * only joined with spaces (sun.java.command), so they are looked up whole at the end of the
     * process's own argument list, so that an argument with spaces stays one argument.
     */
    private static List<String> command() {
        String cmd = System.getProperty("sun.java.command", "");
        if (cmd.isBlank()) {
            return List.of();
        }
        List<String> argv = processArguments();
        for (int start = argv.size() - 1; start >= 0; start--) {
            List<String> tail = argv.subList(start, argv.size());
            if (String.join(" ", tail).equals(cmd)) {
                return tail;
            }
        }
        return Arrays.asList(cmd.trim().split("\\s+"));
    }

    /** This process's arguments, without argv[0]; /proc first, as the JDK's view is cut short for long ones. */
    private static List<String> processArguments() {
        Path cmdline = Path.of("/proc/self/cmdline");
        if (Files.isReadable(cmdline)) {
            try {
                String charset = System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
                List<String> argv = new ArrayList<>(Arrays.asList(
                        new String(Files.readAllBytes(cmdline), Charset.forName(charset)).split("\0", -1)));
                if (!argv.isEmpty() && argv.getLast().isEmpty()) {
                    argv.removeLast(); // after the last argument's NUL
                }
                return argv.isEmpty() ? List.of() : argv.subList(1, argv.size());
            } catch (IOException | RuntimeException e) {
                // fall back to the JDK's view
            }
        }
        return ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
    }

    /** The main class; for a JVM started with {@code java -jar app.jar}, the jar's Main-Class. */
    private static String currentMainClass() {
        List<String> cmd = command();
        if (cmd.isEmpty()) {
            return "";
        }
        String main = cmd.getFirst();
        if (main.endsWith(".jar") && Files.isRegularFile(Path.of(main))) {
            try (JarFile jar = new JarFile(main)) {
                Manifest manifest = jar.getManifest();
                String mainClass = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
                if (mainClass != null) {
                    return mainClass.trim();
                }
            } catch (IOException e) {
                // keep the jar's name: the worker's start then fails saying which
            }
        }
        return main;
    }

    private static List<String> currentArgs() {
        List<String> cmd = command();
        return cmd.size() <= 1 ? List.of() : cmd.subList(1, cmd.size());
    }

    /** Builds {@link ClusterSettings}; every method returns this builder. */
    public static final class Builder {
        private Path javaBinary;
        private List<String> jvmArgs;
        private String classPath;
        private String mainClass;
        private List<String> args;
        private boolean silent;
        private SchedulingPolicy schedulingPolicy;
        private Path cwd;
        private final Map<String, String> env;
        private int maxMessageBytes;
        private java.util.function.Supplier<? extends Scheduler> scheduler;
        private Path aotCache;
        private int standby;

        private Builder(ClusterSettings from) {
            javaBinary = from.javaBinary;
            jvmArgs = from.jvmArgs;
            classPath = from.classPath;
            mainClass = from.mainClass;
            args = from.args;
            silent = from.silent;
            schedulingPolicy = from.schedulingPolicy;
            cwd = from.cwd;
            env = new LinkedHashMap<>(from.env);
            maxMessageBytes = from.maxMessageBytes;
            scheduler = from.scheduler;
            aotCache = from.aotCache;
            standby = from.standby;
        }

        /** The java executable. */
        public Builder javaBinary(Path javaBinary) {
            this.javaBinary = javaBinary;
            return this;
        }

        /** JVM options, replacing the inherited ones. */
        public Builder jvmArgs(String... jvmArgs) {
            this.jvmArgs = List.of(jvmArgs);
            return this;
        }

        /** JVM options, replacing the inherited ones. */
        public Builder jvmArgs(List<String> jvmArgs) {
            this.jvmArgs = List.copyOf(jvmArgs);
            return this;
        }

        /** The class path. */
        public Builder classPath(String classPath) {
            this.classPath = classPath;
            return this;
        }

        /** The main class. */
        public Builder mainClass(Class<?> mainClass) {
            return mainClass(mainClass.getName());
        }

        /** The main class, by name. */
        public Builder mainClass(String mainClass) {
            this.mainClass = mainClass;
            return this;
        }

        /** Program arguments. */
        public Builder args(String... args) {
            this.args = List.of(args);
            return this;
        }

        /** Program arguments. */
        public Builder args(List<String> args) {
            this.args = List.copyOf(args);
            return this;
        }

        /** Whether the primary keeps the workers' output to itself. */
        public Builder silent(boolean silent) {
            this.silent = silent;
            return this;
        }

        /** The scheduling policy. */
        public Builder schedulingPolicy(SchedulingPolicy schedulingPolicy) {
            this.schedulingPolicy = schedulingPolicy;
            return this;
        }

        /**
         * What picks the worker for each connection under {@link SchedulingPolicy#ROUND_ROBIN}
         * (default {@link Scheduler#roundRobin()}); called once per port, e.g. {@code LeastConnections::new}.
         */
        public Builder scheduler(java.util.function.Supplier<? extends Scheduler> scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** The working directory. */
        public Builder cwd(Path cwd) {
            this.cwd = cwd;
            return this;
        }

        /** Adds a variable to every worker's environment. */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** The largest IPC message in bytes. */
        public Builder maxMessageBytes(int maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        // tag::aot-cache[]
        /**
         * Starts workers from a class-data cache in this file, or without one when null (the default).
         *
         * <p>On JDK 25+ it is a JDK AOT cache ({@code -XX:AOTCache}: classes already loaded and linked,
         * and method profiles). When the file is missing or stale, the next worker trains it
         * ({@code -XX:AOTCacheOutput}) and its JVM writes the cache when that worker exits normally (a
         * killed worker writes none); meanwhile workers start without a cache. On JDK 21-24 it is an
         * AppCDS archive ({@code -XX:SharedArchiveFile} with {@code -XX:+AutoCreateSharedArchive}).
         * The primary logs once which one it uses.
         *
         * <p>Stale means the JDK, the JVM options or the class path (any jar's size or time) changed
         * since the training; a cache the JVM itself refuses (truncated, corrupt) counts as stale
         * too. A stale cache never stops a worker from starting: that worker starts without it,
         * the log says why, and the next worker retrains it.
         *
         * <p>The JVM archives classes from jars only, so the worker's class path directories (Maven's
         * {@code target/classes}) are packed into jars beside the cache ({@code <file>.classes/}),
         * repacked when a file in them changes. Keep the file out of {@code target/} if a
         * {@code clean} should not cost a retraining.
         */
        public Builder aotCache(Path aotCache) {
            this.aotCache = aotCache;
            return this;
        }
        // end::aot-cache[]

        // tag::standby[]
        /**
         * Keeps {@code n} warm standby workers (default {@code $CLUSTERLAB_STANDBY}, else 0) beside
         * the workers the application forks. A standby is forked by the primary itself with these
         * settings (their {@link #env} included, never a {@code fork(env)}'s), runs its warm-up
         * hooks ({@link CurrentWorker#onWarmUp}) and listens, but gets no connection until it is
         * promoted: when a serving worker exits, or is disconnected (a rolling reload), the
         * primary promotes the oldest ready standby at once ({@link Cluster#onPromote}) and forks
         * a new standby. A standby that dies is replaced by a new one; serving workers never notice.
         *
         * <p>How a standby waits, by policy: {@link SchedulingPolicy#ROUND_ROBIN}: the primary hands
         * it nothing; {@link SchedulingPolicy#SHARED}: it holds the shared listening socket but does
         * not accept on it; {@link SchedulingPolicy#REUSEPORT}: it binds its socket only when
         * promoted (a bound SO_REUSEPORT listener would get its share of connections at once), so
         * the bind is part of its promotion there.
         *
         * <p>The first standbys are forked with the application's first {@link Cluster#fork()};
         * {@link Cluster#disconnect()} stops keeping them until the next fork, and
         * {@link Cluster#setupPrimary} replaces them, so a promotion never brings back old settings.
         * Standbys do not appear in {@link Cluster#workers()} (see {@link Cluster#standbys()}), nor
         * in any cluster-wide event until they are promoted.
         */
        public Builder standby(int n) {
            this.standby = n;
            return this;
        }
        // end::standby[]

        /** The settings. */
        public ClusterSettings build() {
            return new ClusterSettings(javaBinary, jvmArgs, classPath, mainClass, args, silent, schedulingPolicy,
                    cwd, env, maxMessageBytes, scheduler, aotCache, standby);
        }
    }
}
