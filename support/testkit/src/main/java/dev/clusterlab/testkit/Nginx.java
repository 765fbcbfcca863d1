package dev.clusterlab.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real nginx for checks, run as the current user under a prefix of its own, with the
 * repository's {@code nginx/nginx.conf.template} (the same configuration {@code nginx/run-nginx.sh}
 * runs): it proxies 127.0.0.1:{@code port} to the upstream group {@code clusterlab} in
 * {@code <prefix>/conf/upstreams.conf}. Closing it kills its process tree.
 *
 * <pre>{@code
 * Nginx.assumeInstalled();
 * try (Nginx nginx = Nginx.start(tmp, Nginx.upstreams(List.of(portA, portB)))) {
 *     Http.get(nginx.port(), "/");
 * }
 * }</pre>
 */
public final class Nginx implements AutoCloseable {
    /** Why a check that needs nginx was skipped. */
    public static final String NOT_INSTALLED = "nginx is not installed, so this check is skipped here; it runs in CI."
            + " To run it yourself: sudo apt-get install -y nginx (Debian/Ubuntu) or brew install nginx (macOS).";
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(10);

    private final LaunchedApp process;
    private final Path prefix;
    private final Path binary;

    private Nginx(LaunchedApp process, Path prefix, Path binary) {
        this.process = process;
        this.prefix = prefix;
        this.binary = binary;
    }

    /** The nginx binary: {@code nginx} on PATH, or /usr/sbin/nginx (Debian's, not on a user's PATH). */
    public static Optional<Path> binary() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "nginx"));
        return Stream.concat(onPath, Stream.of(Path.of("/usr/sbin/nginx"), Path.of("/opt/homebrew/bin/nginx")))
                .filter(Files::isExecutable).findFirst();
    }

    /** Skips the calling check (JUnit assumption) with {@link #NOT_INSTALLED} when there is no nginx. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(binary().isPresent(), NOT_INSTALLED);
    }

    /**
     * An upstream group {@code clusterlab} of one server per port, round robin, with passive health
     * checks ({@code max_fails=1 fail_timeout=5s}) and a keep-alive pool.
     */
    public static String upstreams(List<Integer> ports) {
        return "upstream clusterlab {\n"
                + ports.stream().map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=5s;\n")
                        .collect(Collectors.joining())
                + "    keepalive 32;\n}\n";
    }

    /** Starts nginx on a free port under {@code prefix} with {@code upstreams} as its upstream group. */
    public static Nginx start(Path prefix, String upstreams) {
        return start(prefix, Ports.freePort(), upstreams);
    }

    /** Starts nginx on {@code port} under {@code prefix}, and waits until it accepts connections. */
    public static Nginx start(Path prefix, int port, String upstreams) {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(NOT_INSTALLED));
        try {
            Path root = prefix.toAbsolutePath();
            for (String dir : List.of("conf", "logs", "temp")) {
                Files.createDirectories(root.resolve(dir));
            }
            Files.writeString(root.resolve("conf/nginx.conf"), render(root, port));
            Files.writeString(root.resolve("conf/upstreams.conf"), upstreams);
            LaunchedApp process = AppLauncher.forCommand(command(binary, root)).args("-g", "daemon off;")
                    .name("nginx").port(port).start();
            return new Nginx(process, root, binary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare nginx under " + prefix, e);
        }
    }

    /** 127.0.0.1:port, where clients connect. */
    public int port() {
        return process.port();
    }

    /** The directory nginx runs in. */
    public Path prefix() {
        return prefix;
    }

    /** The upstream group file that {@link #reload()} makes nginx read again. */
    public Path upstreamsFile() {
        return prefix.resolve("conf/upstreams.conf");
    }

    /** Replaces the upstream group and reloads. */
    public void reload(String upstreams) {
        try {
            Files.writeString(upstreamsFile(), upstreams);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reload();
    }

    /**
     * Reloads gracefully ({@code nginx -s reload}) and waits until a worker with the new
     * configuration runs: from then on new connections get it.
     *
     * @throws AssertionError with nginx's words when the configuration is invalid
     */
    public void reload() {
        Set<Long> before = workerPids();
        run(Stream.concat(command(binary, prefix).stream(), Stream.of("-s", "reload")).toList());
        await().atMost(RELOAD_TIMEOUT).until(() -> !before.containsAll(workerPids()));
    }

    /** The access log so far: one line per request, with the upstream that answered it. */
    public List<String> accessLog() {
        try {
            return Files.readAllLines(prefix.resolve("logs/access.log"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The nginx master process. */
    public LaunchedApp process() {
        return process;
    }

    /** Kills nginx and its workers. */
    @Override
    public void close() {
        process.close();
    }

    private Set<Long> workerPids() {
        return ProcessTree.pids(ProcessTree.children(process.pid()));
    }

    private static List<String> command(Path binary, Path prefix) {
        return List.of(binary.toString(), "-p", prefix.toString(), "-c", prefix.resolve("conf/nginx.conf").toString(),
                "-e", prefix.resolve("logs/error.log").toString());
    }

    private static String render(Path prefix, int port) throws IOException {
        String template;
        try (InputStream in = Nginx.class.getResourceAsStream("nginx.conf.template")) {
            if (in == null) {
                throw new IllegalStateException("nginx.conf.template is missing from the testkit jar");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        return template.replace("${PREFIX}", prefix.toString()).replace("${LISTEN_PORT}", Integer.toString(port))
                .replace("${USER_DIRECTIVE}", root ? "user root;" : "");
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError("`" + String.join(" ", command) + "` failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
