package dev.clusterlab.task07;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blue-green deploy behind nginx: the blue instances of {@link ZeroDowntimeServer} serve, the
 * green ones (the new version, already started) wait; the switch sends all traffic to green and
 * then stops blue gracefully. No request fails, because no instance stops before nginx has stopped
 * sending it requests, and none gets requests before it is ready.
 *
 * <p>As a command: {@code NGINX_PREFIX=... GREEN=8084:9084 BLUE=8081:9081,8082:9082 java ...
 * dev.clusterlab.task07.BlueGreenSwitch} (instances as {@code port:adminPort}; {@code NGINX} the
 * binary, by default {@code /usr/sbin/nginx}).
 */
public final class BlueGreenSwitch {
    private BlueGreenSwitch() {
    }

    /** One instance: where it serves and where its {@link AdminServer} listens. */
    record Instance(int port, int adminPort) {
        static Instance parse(String text) {
            String[] parts = text.strip().split(":");
            return new Instance(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }
    }

    /**
     * What to switch.
     *
     * @param nginx        the nginx in front of both colours
     * @param green        the instances to switch to (started, maybe not ready yet)
     * @param blue         the instances serving now, stopped after the switch
     * @param readyTimeout how long green may take to be ready
     * @param stopTimeout  how long blue may take to drain and exit (its drain deadline and a margin)
     */
    record Plan(NginxControl nginx, List<Instance> green, List<Instance> blue, Duration readyTimeout,
                Duration stopTimeout) {
    }

    /** Switches as {@code plan} says; throws, leaving blue serving, if green does not get ready. */
    static void run(Plan plan) throws Exception {
        throw new UnsupportedOperationException("TODO(task07): wait until every green instance is ready (AdminClient.awaitReady), point nginx at green (plan.nginx().pointTo(ports)), reload it (plan.nginx().reload(): returns once the old nginx workers are gone), and only then stop each blue instance gracefully (stopGracefully)");
    }

    /** Sends SIGTERM to the instance's primary (which drains its workers) and waits until it has exited. */
    static void stopGracefully(Instance instance, Duration timeout) throws Exception {
        long pid = AdminClient.status(instance.adminPort()).pid();
        ProcessHandle primary = ProcessHandle.of(pid).orElse(null);
        if (primary == null) {
            return;
        }
        primary.destroy();
        try {
            primary.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("instance on port " + instance.port() + " (pid " + pid
                    + ") did not exit within " + timeout.toMillis() + " ms of SIGTERM", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a switch from the environment: NGINX, NGINX_PREFIX, GREEN, BLUE, READY_TIMEOUT_MS, STOP_TIMEOUT_MS. */
    public static void main(String[] args) throws Exception {
        NginxControl nginx = new NginxControl(Path.of(System.getenv().getOrDefault("NGINX", "/usr/sbin/nginx")),
                Path.of(required("NGINX_PREFIX")).toAbsolutePath());
        Plan plan = new Plan(nginx, instances(required("GREEN")), instances(required("BLUE")),
                Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault("READY_TIMEOUT_MS", "60000"))),
                Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault("STOP_TIMEOUT_MS", "30000"))));
        long start = System.nanoTime();
        run(plan);
        System.out.println("switched to green " + plan.green() + " in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms; blue " + plan.blue() + " stopped");
    }

    private static List<Instance> instances(String text) {
        return Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).map(Instance::parse).toList();
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }
}
