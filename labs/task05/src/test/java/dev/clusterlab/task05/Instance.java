package dev.clusterlab.task05;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.Ports;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One cluster instance ({@link InstanceServer}) started by a check: its own primary JVM and workers on
 * its own PORT, with its admin port (ADMIN_PORT) for {@code POST /drain} and {@code POST /ready}.
 *
 * @param name      INSTANCE, what GET /whoami says
 * @param app       the primary and its workers
 * @param adminPort where POST /drain and POST /ready go
 */
record Instance(String name, LaunchedApp app, int adminPort) implements AutoCloseable {
    private static final Duration REQUEST = Duration.ofSeconds(5);
    private static final Duration STARTUP = Duration.ofSeconds(40);

    /** JVM options that keep several small clusters cheap on a two-core machine; workers inherit them. */
    static final String[] JVM_ARGS = {"-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"};

    /** Launches an instance without waiting for it. */
    static Instance spawn(String name, int workers, int warmupMillis) {
        int adminPort = Ports.freePort();
        LaunchedApp app = AppLauncher.forMainClass(InstanceServer.class).jvmArgs(JVM_ARGS).workers(workers)
                .env("INSTANCE", name).env("ADMIN_PORT", Integer.toString(adminPort))
                .env("WARMUP_MS", Integer.toString(warmupMillis)).spawn();
        return new Instance(name, app, adminPort);
    }

    /** Launches {@code names.size()} instances at once and waits until each is READY. */
    static List<Instance> startReady(List<String> names, int workers) {
        List<Instance> instances = new ArrayList<>();
        try {
            for (String name : names) {
                instances.add(spawn(name, workers, 0));
            }
            for (Instance instance : instances) {
                instance.awaitReadyz(200, STARTUP);
            }
            return instances;
        } catch (RuntimeException | Error e) {
            instances.forEach(Instance::close);
            throw e;
        }
    }

    /** The serving port (PORT). */
    int port() {
        return app.port();
    }

    /** {@code host:port} as an upstream file names it. */
    String server() {
        return "127.0.0.1:" + port();
    }

    /** GET {@code path} on the instance, on a new connection. */
    HttpResult get(String path) {
        return Http.getOnNewConnection(port(), path, REQUEST);
    }

    /** POST {@code path} (/drain, /ready) to the admin port. */
    HttpResult admin(String path) {
        HttpResult result = Http.post(adminPort, path, "", "text/plain");
        assertThat(result.status()).as("the status of POST %s on the admin port of instance %s (body: %s)", path,
                name, result.body().strip()).isEqualTo(200);
        return result;
    }

    /**
     * Waits until {@code GET /readyz} answers {@code status} on {@code times} new connections in a row
     * (so every worker has heard the news). Fails at once on any status other than 200 or 503.
     */
    void awaitReadyz(int status, Duration timeout) {
        awaitReadyz(status, 4, timeout);
    }

    void awaitReadyz(int status, int times, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int inARow = 0;
        String last = "no answer yet";
        while (inARow < times) {
            try {
                HttpResult readyz = get("/readyz");
                last = readyz.status() + " " + readyz.body().strip();
                if (readyz.status() != 200 && readyz.status() != 503) {
                    throw new AssertionError("GET /readyz on instance " + name + " answered " + last
                            + "; it must answer 200 (ready) or 503 (starting, draining)." + todo());
                }
                inARow = readyz.status() == status ? inARow + 1 : 0;
            } catch (UncheckedIOException notListening) {
                last = notListening.getMessage();
                inARow = 0;
                if (!app.isAlive()) {
                    throw new AssertionError("instance " + name + " exited:\n" + app.outputTail(30));
                }
            }
            if (inARow < times) {
                if (!todo().isEmpty()) {
                    throw new AssertionError("GET /readyz on instance " + name + " never answered " + status
                            + "; last: " + last + todo());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("GET /readyz on instance " + name + " did not answer " + status + " "
                            + times + " times in a row within " + timeout.toSeconds() + " s; last: " + last + todo());
                }
                sleep(100);
            }
        }
    }

    /** The first TODO the instance printed, for failure messages. */
    String todo() {
        return app.output().lines().filter(l -> l.contains("TODO(task05)")).findFirst()
                .map(l -> "\nThe instance printed: " + l.strip()).orElse("");
    }

    /** Kills the whole instance, primary and workers, with SIGKILL at once: a machine that dies. */
    void killAll() {
        List<ProcessHandle> all = new ArrayList<>(app.process().toHandle().descendants().toList());
        all.add(app.process().toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        app.close();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
