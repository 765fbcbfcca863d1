package dev.clusterlab.task05;

import dev.clusterlab.config.Env;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task 5: the active health checker that open-source nginx lacks (nginx Plus has {@code health_check}).
 * Every {@code INTERVAL_MS} it probes each instance's {@code GET /readyz}; {@code FALL} failures in a
 * row mark an instance {@code down} in nginx's upstream file, {@code RISE} successes put it back
 * ({@link UpstreamHealth}); when the set of down instances changed, it rewrites the file atomically
 * ({@link UpstreamFile}) and reloads nginx ({@link NginxReload}).
 *
 * <p>Settings: {@code INSTANCES} (comma-separated {@code host:port} or ports on 127.0.0.1),
 * {@code NGINX_PREFIX} (where nginx runs, as {@code nginx/run-nginx.sh start PREFIX} made it),
 * {@code UPSTREAMS_FILE} (default {@code PREFIX/conf/upstreams.conf}), {@code INTERVAL_MS} (1000),
 * {@code FALL} (2), {@code RISE} (2), {@code TIMEOUT_MS} (probe timeout, 500). It prints one line per
 * change, {@code health: 127.0.0.1:8082 is DOWN (...)} or {@code ... is UP}, then
 * {@code health: nginx reloaded, down: [...]}.
 */
public final class HealthChecker {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final UpstreamHealth health;
    private final Path upstreamsFile;
    private final NginxReload nginx;
    private final Duration timeout;
    private final HttpClient client;
    /** Whether nginx may not have the current set yet: the last update failed. */
    private boolean stale;

    HealthChecker(UpstreamHealth health, Path upstreamsFile, NginxReload nginx, Duration timeout) {
        this.health = health;
        this.upstreamsFile = upstreamsFile;
        this.nginx = nginx;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** Probes forever, every {@code INTERVAL_MS}. */
    public static void main(String[] args) throws InterruptedException {
        List<String> servers = Arrays.stream(Env.required("INSTANCES").split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.contains(":") ? s : "127.0.0.1:" + s).toList();
        Path prefix = Path.of(Env.required("NGINX_PREFIX"));
        Path upstreams = Path.of(Env.text("UPSTREAMS_FILE", prefix.resolve("conf/upstreams.conf").toString()));
        int interval = Env.integer("INTERVAL_MS", 1000);
        int fall = Env.integer("FALL", 2);
        int rise = Env.integer("RISE", 2);
        HealthChecker checker = new HealthChecker(new UpstreamHealth(servers, rise, fall), upstreams,
                new NginxReload(NginxReload.findBinary(), prefix), Duration.ofMillis(Env.integer("TIMEOUT_MS", 500)));
        System.out.printf("health: checking %s every %d ms (fall %d, rise %d), upstreams in %s%n", servers, interval,
                fall, rise, upstreams);
        while (true) {
            long start = System.nanoTime();
            checker.checkOnce();
            Thread.sleep(Math.max(0, interval - (System.nanoTime() - start) / 1_000_000));
        }
    }

    /** One round: probes every server at once, records the results, and updates nginx if the set changed. */
    void checkOnce() {
        Map<String, CompletableFuture<String>> probes = new LinkedHashMap<>();
        for (String server : health.servers()) {
            probes.put(server, probe(server));
        }
        boolean changed = false;
        for (Map.Entry<String, CompletableFuture<String>> probe : probes.entrySet()) {
            String failure = probe.getValue().join();
            if (health.record(probe.getKey(), failure == null)) {
                changed = true;
                System.out.println("health: " + probe.getKey() + " is " + (health.isUp(probe.getKey()) ? "UP"
                        : "DOWN (" + failure + ")"));
            }
        }
        if (changed || stale) {
            stale = !apply(health.down());
        }
    }

    // tag::probe[]
    /**
     * {@code GET http://server/readyz} within the timeout.
     *
     * @return null when it answered 200, else why not (the status, or the connection's error)
     */
    CompletableFuture<String> probe(String server) {
        // BEGIN SOLUTION send GET http://<server>/readyz with client.sendAsync and this.timeout; complete with null for status 200, else a short reason: "status 503" or the exception's message (handle(), never fail the future)
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + server + "/readyz")).timeout(timeout)
                .GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                return cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
            }
            return response.statusCode() == 200 ? null : "status " + response.statusCode();
        });
        // END SOLUTION
    }
    // end::probe[]

    // tag::apply[]
    /**
     * Rewrites the upstream file with {@code down} marked and reloads nginx.
     *
     * @return whether nginx got it; if not, the next round tries again
     */
    boolean apply(Set<String> down) {
        // BEGIN SOLUTION UpstreamFile.write the rendered file (health.servers(), down) to upstreamsFile, then nginx.reload(), then print "health: nginx reloaded, down: <down>" and return true; on an IOException log it and return false
        try {
            UpstreamFile.write(upstreamsFile, UpstreamFile.render(health.servers(), down));
            nginx.reload();
            System.out.println("health: nginx reloaded, down: " + down);
            return true;
        } catch (IOException e) {
            LOG.error("health: could not update nginx: {}", e.getMessage());
            return false;
        }
        // END SOLUTION
    }
    // end::apply[]
}
