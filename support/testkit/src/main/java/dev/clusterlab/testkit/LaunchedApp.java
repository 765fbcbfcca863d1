package dev.clusterlab.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * A running app started by {@link AppLauncher}: its process, its output and its process tree.
 *
 * <p>{@link #close()} kills the whole tree and waits until it is gone; {@link #kill()} kills only the
 * root, which is how a check simulates a crashed primary. Signals go through {@link ProcessHandle}, not
 * {@link Process#destroy()}, which would also close our end of the app's output and lose what it
 * prints while it shuts down. Methods that wait are bounded and fail with
 * an {@link AssertionError} that quotes the end of the app's output.
 */
public final class LaunchedApp implements AutoCloseable {

    /** How many lines of output a failure message quotes. */
    static final int TAIL_LINES = 40;
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    /** How long the descendants of a killed app get to exit by themselves before they are killed too. */
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Process process;
    private final int port;
    private final String mainClass;
    private final String token;
    private final OutputCapture output;
    private final long sequence;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Every descendant ever seen: a killed root's children are re-parented and no longer found under it. */
    private final Map<Long, ProcessHandle> seenDescendants = new LinkedHashMap<>();

    LaunchedApp(Process process, int port, String mainClass, String logName, String token) {
        this.process = process;
        this.port = port;
        this.mainClass = mainClass;
        this.token = token;
        String fileName = logName.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + process.pid() + ".log";
        this.output = OutputCapture.start(process.getInputStream(), TestkitDirs.logsDir().resolve(fileName),
                "testkit-output-" + process.pid());
        this.sequence = LaunchRegistry.register(this);
    }

    /** The root process's pid (the primary, for a cluster). */
    public long pid() {
        return process.pid();
    }

    /** The root process. */
    public Process process() {
        return process;
    }

    /** The port the app was told to listen on ({@code PORT}). */
    public int port() {
        return port;
    }

    /** The main class this app runs. */
    public String mainClass() {
        return mainClass;
    }

    /** Whether the root process is alive. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the app (and its workers, when they share its stdout) printed so far, stdout and stderr merged. */
    public String output() {
        return output.text();
    }

    /** The last {@code lines} lines of {@link #output()}. */
    public String outputTail(int lines) {
        return output.tail(lines);
    }

    /** The file that mirrors the output, under {@code target/testkit-logs/}. */
    public Path logFile() {
        return output.logFile();
    }

    /**
     * Waits until the output matches {@code pattern}, searched from the start of the output.
     *
     * @return the match, e.g. to read a group such as a worker's pid
     * @throws AssertionError if the output ends or {@code timeout} passes first
     */
    public MatchResult awaitOutput(Pattern pattern, Duration timeout) {
        try {
            return output.await(pattern, timeout).orElseThrow(() -> failure(
                    "The app's output did not show /" + pattern + "/ "
                            + (output.ended() ? "before the app ended." : "within " + Failures.duration(timeout) + "."),
                    "what the app printed instead (below)."));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for /" + pattern + "/ in the output of " + this, e);
        }
    }

    /** Waits until the output contains {@code text}; see {@link #awaitOutput(Pattern, Duration)}. */
    public void awaitOutput(String text, Duration timeout) {
        awaitOutput(Pattern.compile(Pattern.quote(text)), timeout);
    }

    /**
     * Waits until the app accepts TCP connections on 127.0.0.1:{@link #port()}.
     *
     * @return this app
     * @throws AssertionError if the root process exits first or {@code timeout} passes
     */
    public LaunchedApp awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Ports.isAccepting(port)) {
            if (!process.isAlive()) {
                awaitOutputEnd(Duration.ofSeconds(1));
                throw failure("The app " + mainClass + " exited with code " + process.exitValue()
                                + " before accepting connections on 127.0.0.1:" + port + ".",
                        "the exception or error message at the end of its output (below).");
            }
            if (System.nanoTime() > deadline) {
                throw failure("The app " + mainClass + " did not accept connections on 127.0.0.1:" + port
                                + " within " + Failures.duration(timeout) + ".",
                        "does main() read PORT from the environment and listen on it? Is it stuck before"
                                + " listening (see its output below)?");
            }
            sleep(POLL);
        }
        return this;
    }

    /** The root's direct children, e.g. a primary's workers. */
    public List<ProcInfo> children() {
        remember(process.toHandle().descendants().toList());
        return ProcessTree.children(pid());
    }

    /** The root's direct children that are JVMs. */
    public List<ProcInfo> javaChildren() {
        return children().stream().filter(ProcInfo::isJava).toList();
    }

    /** Every process under the root (children, grandchildren, ...). */
    public List<ProcInfo> descendants() {
        List<ProcessHandle> handles = process.toHandle().descendants().toList();
        remember(handles);
        return handles.stream().filter(Liveness::running).map(ProcInfo::of).toList();
    }

    /**
     * Waits until the root exits.
     *
     * @return its exit code
     * @throws AssertionError if it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) {
        if (!waitFor(timeout)) {
            throw failure("The app " + mainClass + " was still running after " + Failures.duration(timeout) + ".",
                    "why it did not exit: its output (below).");
        }
        return process.exitValue();
    }

    /**
     * Kills the root with SIGKILL (a crash the app cannot see coming) and waits until it is gone. Its
     * descendants are left alone, so a check can assert they exit by themselves.
     */
    public void kill() {
        remember(process.toHandle().descendants().toList());
        process.toHandle().destroyForcibly();
        waitFor(KILL_WAIT);
    }

    /** Sends SIGTERM to the root without waiting: the start of a graceful shutdown. */
    public void terminate() {
        remember(process.toHandle().descendants().toList());
        process.toHandle().destroy();
    }

    /**
     * Stops the root: SIGTERM, then SIGKILL if it is still running after {@code grace}.
     *
     * @return its exit code (143 after SIGTERM, 137 after SIGKILL, unless the app chose another)
     */
    public int stop(Duration grace) {
        terminate();
        if (!waitFor(grace)) {
            process.toHandle().destroyForcibly();
            waitFor(KILL_WAIT);
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** {@link #stop(Duration)} with a 5 s grace. */
    public int stop() {
        return stop(Duration.ofSeconds(5));
    }

    /**
     * Kills the whole tree with SIGKILL and waits until every process of it is gone: the descendants
     * are captured first (they are re-parented once the root dies), then the root and each of them is
     * killed, by pid. Idempotent; never throws for a process that is already gone.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            List<ProcessHandle> victims = victims();
            // Root first: a supervising primary would otherwise restart the workers we kill. Then a
            // moment for its workers to leave on their own, as they do when their primary dies (and
            // clean up after it); only stragglers get SIGKILL.
            process.toHandle().destroyForcibly();
            ProcessTree.awaitGone(victims.stream().map(ProcessHandle::pid).toList(), ORPHAN_GRACE);
            victims.forEach(ProcessHandle::destroyForcibly);
            // A worker forked between the snapshot and the root's death still carries our token.
            List<ProcessHandle> late = withToken();
            late.forEach(ProcessHandle::destroyForcibly);
            victims.addAll(late);
            victims.add(process.toHandle());
            Set<Long> alive = ProcessTree.awaitGone(victims.stream().map(ProcessHandle::pid).toList(), KILL_WAIT);
            if (!alive.isEmpty()) {
                System.err.println("testkit: processes of " + this + " still alive after SIGKILL: " + alive);
            }
            SocketDirs.deleteOf(victims.stream().map(ProcessHandle::pid).filter(pid -> !alive.contains(pid)).toList());
            awaitOutputEnd(Duration.ofSeconds(1));
        } finally {
            LaunchRegistry.unregister(sequence);
        }
    }

    /** Pid, main class and port, for messages. */
    @Override
    public String toString() {
        return mainClass + " (pid " + pid() + ", port " + port + ")";
    }

    private List<ProcessHandle> victims() {
        remember(process.toHandle().descendants().toList());
        List<ProcessHandle> victims = new ArrayList<>();
        synchronized (seenDescendants) {
            for (ProcessHandle seen : seenDescendants.values()) {
                victims.add(seen);
                // A re-parented orphan may have forked in turn.
                seen.descendants().forEach(victims::add);
            }
        }
        return victims;
    }

    private List<ProcessHandle> withToken() {
        String marker = "-D" + AppLauncher.LAUNCH_TOKEN_PROPERTY + "=" + token;
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false))
                .toList();
    }

    private void remember(List<ProcessHandle> handles) {
        synchronized (seenDescendants) {
            handles.forEach(h -> seenDescendants.putIfAbsent(h.pid(), h));
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Lets the pump drain what the app printed last, e.g. the stack trace it died with. */
    private void awaitOutputEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output.ended() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(20));
        }
    }

    private AssertionError failure(String what, String lookAt) {
        return new AssertionError(what + "\nLook at: " + lookAt
                + "\nLast " + TAIL_LINES + " lines of its output (all of it: "
                + TestkitDirs.display(logFile()) + "):\n" + indent(output.tail(TAIL_LINES)));
    }

    private static String indent(String text) {
        return text.isEmpty() ? "    (no output)" : text.lines().map(l -> "    " + l)
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
