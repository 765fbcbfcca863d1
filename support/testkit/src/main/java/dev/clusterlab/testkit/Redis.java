package dev.clusterlab.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Redis for checks: Debian's {@code redis-server} run as a plain process of the current
 * user on 127.0.0.1, with no persistence ({@code --save "" --appendonly no}) and its working
 * directory under the check's own. Closing it kills it by PID, as every app a check starts.
 *
 * <pre>{@code
 * Redis.assumeInstalled();
 * try (Redis redis = Redis.start(tmp)) {
 *     AppLauncher.forMainClass(Server.class).env("REDIS_URL", redis.url()).start();
 * }
 * }</pre>
 *
 * <p>{@link #stop()} and {@link #restart()} take it away mid-check and bring it back on the same
 * port, empty, for checks of what an app does while its store is gone.
 */
public final class Redis implements AutoCloseable {
    /** Why a check that needs Redis was skipped. */
    public static final String NOT_INSTALLED = "redis-server is not installed, so this check is skipped here; it runs in CI."
            + " To run it yourself: sudo apt-get install -y redis-server (Debian/Ubuntu) or brew install redis (macOS).";

    private final Path binary;
    private final Path dir;
    private final int port;
    private LaunchedApp process;

    private Redis(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** The redis-server binary: on PATH, or where Debian and Homebrew put it. */
    public static Optional<Path> binary() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(d -> !d.isBlank()).map(d -> Path.of(d, "redis-server"));
        return Stream.concat(onPath, Stream.of(Path.of("/usr/bin/redis-server"), Path.of("/opt/homebrew/bin/redis-server")))
                .filter(Files::isExecutable).findFirst();
    }

    /** Skips the calling check (JUnit assumption) with {@link #NOT_INSTALLED} when there is no redis-server. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(binary().isPresent(), NOT_INSTALLED);
    }

    /** Starts Redis on a free port with its files under {@code dir}, and waits until it accepts connections. */
    public static Redis start(Path dir) {
        return start(dir, Ports.freePort());
    }

    /** Starts Redis on {@code port} with its files under {@code dir}, and waits until it accepts connections. */
    public static Redis start(Path dir, int port) {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(NOT_INSTALLED));
        try {
            Path root = Files.createDirectories(dir.toAbsolutePath().resolve("redis"));
            Redis redis = new Redis(binary, root, port);
            redis.launch();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a directory for redis-server under " + dir, e);
        }
    }

    /** 127.0.0.1:port, where clients connect. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:port}, the URI form Lettuce and Jedis take. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Whether the server is running (between {@link #stop()} and {@link #restart()} it is not). */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The server's process (its PID, output, log file). */
    public LaunchedApp process() {
        if (process == null) {
            throw new IllegalStateException("redis-server is stopped");
        }
        return process;
    }

    /** Kills the server (SIGKILL, like a crash: clients see their connections reset) and waits until it is gone. */
    public void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    /** Starts the server again on the same port, empty (nothing was saved), and waits until it accepts connections. */
    public void restart() {
        stop();
        launch();
    }

    /** Kills the server. */
    @Override
    public void close() {
        stop();
    }

    private void launch() {
        // Each option is its own argument, so the empty --save value reaches redis-server as "".
        process = AppLauncher.forCommand(List.of(binary.toString()))
                .args("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                        "--dir", dir.toString(), "--daemonize", "no", "--logfile", "")
                .workingDirectory(dir).name("redis-server").port(port).start();
    }

    @Override
    public String toString() {
        return "redis-server on 127.0.0.1:" + port + (isRunning() ? " (pid " + process.pid() + ")" : " (stopped)");
    }
}
