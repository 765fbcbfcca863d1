package dev.clusterlab.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Task 4: how the running cluster ({@code dev.clusterlab.task04.BalancedServer}) spreads new
 * connections over its workers, under whatever scheduling policy it was started with. Every request
 * is {@code GET /whoami} on a new connection ({@code Connection: close}: the cluster picks a worker
 * per connection, so keep-alive would measure the users, not the policy); the pid in each answer is
 * counted, and after the run a Markdown table of the connections per worker, max/min and Jain's
 * index is printed. {@link Task04RoundRobinSimulation}, {@link Task04SharedSimulation} and
 * {@link Task04ReusePortSimulation} also insist on their policy. The protocol, {@code -DbaseUrl},
 * {@code -Dusers}, {@code -Dduration} and the zero-failure assertion are {@link MixedLoad}'s;
 * {@code -Dworkers} (default: {@code WORKERS}, else 2) is how many workers the cluster has, those
 * that answered none included.
 */
public class Task04DistributionSimulation extends Simulation {
    private static final Pattern POLICY = Pattern.compile("\"policy\"\\s*:\\s*\"(\\w+)\"");
    /** Filled by the virtual users, printed by {@link #after()}; one simulation runs per JVM. */
    private static final WorkerCounts COUNTS = new WorkerCounts();

    private final MixedLoad load;
    private final String requiredPolicy;
    private final int workers;
    private String policy;

    /** Measures whatever policy the cluster runs. */
    public Task04DistributionSimulation() {
        this(null);
    }

    /** Measures the cluster only if it runs {@code requiredPolicy} (a SchedulingPolicy name), or any if null. */
    protected Task04DistributionSimulation(String requiredPolicy) {
        this.requiredPolicy = requiredPolicy;
        this.load = MixedLoad.fromSystemProperties("task04 " + (requiredPolicy == null ? "distribution"
                : requiredPolicy.toLowerCase(java.util.Locale.ROOT)));
        this.workers = Integer.getInteger("workers", workersFromEnvironment());
        ScenarioBuilder newConnections = scenario("task04 new connection per request")
                // exitASAP false: a user whose time is up still counts the answer it just got.
                .during(load.settings().duration(), false).on(
                        exec(http("whoami (new connection)").get("/whoami").header("Connection", "close")
                                .check(jsonPath("$.pid").ofLong().saveAs("pid")))
                                .exec(session -> {
                                    if (session.contains("pid")) {
                                        COUNTS.count(session.getLong("pid"));
                                    }
                                    return session;
                                }));
        setUp(newConnections.injectOpen(atOnceUsers(load.settings().users())).protocols(load.protocol()))
                .assertions(load.assertions())
                .maxDuration(load.maxDuration());
    }

    /** Reads the cluster's policy from a worker's {@code GET /stats}; refuses to run under the wrong one. */
    @Override
    public void before() {
        COUNTS.clear();
        policy = policyOfCluster();
        if (requiredPolicy != null && !requiredPolicy.equals(policy)) {
            throw new IllegalStateException(getClass().getSimpleName() + " measures " + requiredPolicy
                    + ", but the cluster at " + load.settings().baseUrlText() + " runs " + policy
                    + ": start it with CLUSTERLAB_SCHED_POLICY=" + requiredPolicy);
        }
    }

    /** Prints the table of connections per worker. */
    @Override
    public void after() {
        System.out.println();
        System.out.println("task04: connections per worker under " + policy + " (" + load.settings().users()
                + " users, " + load.settings().duration().toSeconds() + " s, a new connection per request)");
        System.out.println();
        System.out.print(COUNTS.markdown(workers));
        System.out.println();
    }

    private String policyOfCluster() {
        URI stats = URI.create(load.settings().baseUrlText() + "/stats");
        try (HttpClient client = HttpClient.newHttpClient()) {
            String body = client.send(HttpRequest.newBuilder(stats).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = POLICY.matcher(body);
            if (!m.find()) {
                throw new IllegalStateException("GET " + stats + " answered no policy: " + body
                        + " (is task 4's BalancedServer running there?)");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + stats + " failed: " + e + " (is task 4's demo running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int workersFromEnvironment() {
        String value = System.getenv("WORKERS");
        return value == null || value.isBlank() ? 2 : Integer.parseInt(value.trim());
    }
}
