package dev.clusterlab.task05;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes an nginx that runs under {@code prefix} (as {@code nginx/run-nginx.sh} and the checks run it)
 * read its configuration again: {@code nginx -t} first, so that a broken file is reported instead of
 * ignored, then {@code nginx -s reload}. A reload is graceful: the master starts workers with the new
 * configuration, and the old ones finish the requests they have before they exit.
 */
final class NginxReload {
    private static final long TIMEOUT_SECONDS = 10;

    private final Path binary;
    private final Path prefix;

    NginxReload(Path binary, Path prefix) {
        this.binary = binary;
        this.prefix = prefix.toAbsolutePath();
    }

    /** The nginx binary: {@code NGINX}, else {@code nginx} on PATH, else Debian's /usr/sbin/nginx. */
    static Path findBinary() {
        Optional<String> configured = Optional.ofNullable(System.getenv("NGINX")).filter(s -> !s.isBlank());
        if (configured.isPresent()) {
            return Path.of(configured.get());
        }
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "nginx")),
                        Stream.of(Path.of("/usr/sbin/nginx")))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("nginx is not installed (set NGINX to its path)"));
    }

    // tag::reload[]
    /**
     * Tests the configuration, then reloads.
     *
     * @throws IOException with nginx's own words when either command fails
     */
    void reload() throws IOException {
        throw new UnsupportedOperationException("TODO(task05): run command(\"-t\") then command(\"-s\", \"reload\") with run()");
    }

    /** {@code nginx -p PREFIX -c PREFIX/conf/nginx.conf -e PREFIX/logs/error.log} and {@code extra}. */
    List<String> command(String... extra) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-p", prefix.toString(),
                "-c", prefix.resolve("conf/nginx.conf").toString(), "-e", prefix.resolve("logs/error.log").toString()));
        command.addAll(List.of(extra));
        return command;
    }
    // end::reload[]

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("`" + String.join(" ", command) + "` did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IOException("`" + String.join(" ", command) + "` exited with " + process.exitValue() + ": " + output);
        }
    }
}
