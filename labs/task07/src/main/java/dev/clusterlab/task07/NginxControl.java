package dev.clusterlab.task07;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One nginx run as {@code nginx/run-nginx.sh} (and the testkit) run it: its configuration in
 * {@code <prefix>/conf/nginx.conf}, which includes the upstream group {@code clusterlab} from
 * {@code <prefix>/conf/upstreams.conf}, and its master's pid in {@code <prefix>/nginx.pid}.
 */
record NginxControl(Path binary, Path prefix) {
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(30);

    /** The upstream group file this nginx reads on reload. */
    Path upstreamsFile() {
        return prefix.resolve("conf/upstreams.conf");
    }

    /** Writes an upstream group of one server per port (taking effect at the next {@link #reload()}). */
    void pointTo(List<Integer> ports) throws IOException {
        String servers = ports.stream().map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=5s;\n")
                .collect(Collectors.joining());
        Path tmp = upstreamsFile().resolveSibling("upstreams.conf.tmp");
        Files.writeString(tmp, "upstream clusterlab {\n" + servers + "    keepalive 32;\n}\n", StandardCharsets.UTF_8);
        // Atomic: nginx never reads half a file.
        Files.move(tmp, upstreamsFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reloads gracefully and waits until the old nginx workers are gone. {@code nginx -s reload}
     * only signals the master, which starts workers with the new configuration and tells the old
     * ones to finish their requests and exit; until they have, they may still send requests to the
     * old upstreams, which therefore must keep serving until this returns.
     *
     * @throws IllegalStateException when the configuration is invalid or the old workers outlive the timeout
     */
    void reload() throws IOException, InterruptedException {
        long master = Long.parseLong(Files.readString(prefix.resolve("nginx.pid")).strip());
        Set<Long> oldWorkers = workers(master);
        run("-t", "-q");
        run("-s", "reload");
        long deadline = System.nanoTime() + RELOAD_TIMEOUT.toNanos();
        while (oldWorkers.stream().anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nginx's old workers " + oldWorkers + " still run "
                        + RELOAD_TIMEOUT.toSeconds() + " s after the reload; see " + prefix.resolve("logs/error.log"));
            }
            Thread.sleep(50);
        }
    }

    private static Set<Long> workers(long master) {
        return ProcessHandle.of(master).map(ProcessHandle::children).orElseGet(Stream::empty)
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private void run(String... args) throws IOException, InterruptedException {
        List<String> command = Stream.concat(Stream.of(binary.toString(), "-p", prefix.toString(), "-c",
                prefix.resolve("conf/nginx.conf").toString(), "-e", prefix.resolve("logs/error.log").toString()),
                Stream.of(args)).toList();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` failed: " + output.strip());
        }
    }
}
