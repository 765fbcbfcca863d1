package dev.clusterlab.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Task 5: a constant arrival rate of {@code GET /whoami} through nginx in front of three cluster
 * instances ({@code dev.clusterlab.task05.InstanceServer}), while
 * {@code load-tests/scripts/task05-kill-instance.sh} kills one instance with {@code kill -9}
 * {@code killAt} seconds after the first request. Each virtual user sends one request on a new
 * connection, so the rate holds whatever the latency (an open model: requests do not wait for each
 * other), and every request is a fresh chance to hit the dead instance.
 *
 * <p>Requests are grouped by when they were sent: {@code 0 warm-up} (the first {@code warmup}
 * seconds, while the JIT compilers of every JVM involved catch up), {@code 1 before} the kill,
 * {@code 2 during} (the {@code eventWindow} seconds from the kill: nginx's passive check, then the
 * health checker's reload) and {@code 3 after}, so the report gives p50/p99 of each phase
 * ({@code load-tests/scripts/gatling-groups.py} prints them). The run fails when any request fails.
 *
 * <pre>
 * -DbaseUrl=http://127.0.0.1:18080   nginx; its host must be 127.0.0.1 or localhost
 * -Drate=200                         new users (= requests) per second
 * -Dduration=35                      seconds of load
 * -Dwarmup=5                         seconds at the start that count as warm-up, not as steady state
 * -DkillAt=15                        seconds from the first request to the kill (the script's KILL_AT)
 * -DeventWindow=5                    seconds after the kill that count as "during"
 * </pre>
 */
public final class Task05KillInstanceSimulation extends Simulation {
    /** When the first request was sent (ms since the epoch), the origin of the phases. */
    private static final AtomicLong FIRST_REQUEST = new AtomicLong();

    {
        String baseUrl = System.getProperty("baseUrl", "http://127.0.0.1:18080");
        LoadSettings.requireLoopback(java.net.URI.create(baseUrl));
        int rate = Integer.getInteger("rate", 200);
        Duration duration = Duration.ofSeconds(Integer.getInteger("duration", 35));
        long warmupMs = Integer.getInteger("warmup", 5) * 1000L;
        long killAtMs = Integer.getInteger("killAt", 15) * 1000L;
        long windowMs = Integer.getInteger("eventWindow", 5) * 1000L;

        HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
                .acceptHeader("*/*")
                .userAgentHeader("clusterlab-load-tests (Gatling)")
                .disableCaching()
                .disableFollowRedirect()
                .check(status().is(200));
        ScenarioBuilder oneRequest = scenario("task05 kill an instance behind nginx").exec(
                group(session -> phase(warmupMs, killAtMs, windowMs)).on(exec(http("whoami").get("/whoami"))));
        setUp(oneRequest.injectOpen(constantUsersPerSec(rate).during(duration)).protocols(protocol))
                .assertions(global().failedRequests().count().is(0L))
                .maxDuration(duration.plusSeconds(60));
    }

    /** The phase of a request sent now. */
    private static String phase(long warmupMs, long killAtMs, long windowMs) {
        long now = System.currentTimeMillis();
        FIRST_REQUEST.compareAndSet(0, now);
        long since = now - FIRST_REQUEST.get();
        if (since < warmupMs) {
            return "0 warm-up";
        }
        return since < killAtMs ? "1 before" : since < killAtMs + windowMs ? "2 during" : "3 after";
    }
}
