package dev.clusterlab.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Task 10, part 1: the catalog under an open model, {@code -Drate} new requests per second (500) for
 * {@code -Dduration} seconds, whatever the server's speed, as real traffic arrives: 80% {@code GET
 * /items?id=}, 20% {@code GET /items/search?q=}. Past capacity the admission control answers 503
 * with Retry-After at once; 503s are expected and counted apart (their response times show how fast
 * "not now" is), anything else fails the run. Compare the report's 200s per second (goodput) and
 * their p99 at rates below and above capacity, and with {@code ADMISSION=aimd} on the demo.
 *
 * <p>{@code -Dsteps=N} makes it the sweep: N levels of {@code -Dduration} seconds each at rate, 2 ×
 * rate, … N × rate, so one report shows where goodput stops following the offered load (the knee)
 * and how the p99 grows past it (chapter 10 measures the same sweep side by side with
 * {@code task10-compare.sh rates}).
 *
 * <p>{@code ./workbook load 10 -Drate=2000}, or {@code -Drate=500 -Dsteps=8} for the sweep; the demo
 * serves the catalog on {@code PORT}.
 */
public final class Task10CatalogSimulation extends Simulation {
    {
        LoadSettings settings = LoadSettings.fromSystemProperties();
        int rate = Integer.parseInt(System.getProperty("rate", "500"));
        HttpProtocolBuilder protocol = http.baseUrl(settings.baseUrlText()).disableCaching().disableFollowRedirect()
                .userAgentHeader("clusterlab-load-tests (Gatling)").shareConnections();
        ScenarioBuilder catalog = scenario("task10 catalog at " + rate + "/s").exec(randomSwitch().on(
                percent(80).then(exec(session -> session.set("id", ThreadLocalRandom.current().nextInt(1, 10_001)))
                        .exec(http("GET /items?id=").get("/items?id=#{id}").check(status().in(200, 503)))),
                percent(20).then(exec(http("GET /items/search").get("/items/search?q=lamp&limit=20").check(status().in(200, 503))))));
        int steps = Integer.parseInt(System.getProperty("steps", "1"));
        if (steps < 1) {
            throw new IllegalArgumentException("-Dsteps must be 1 or more, was " + steps);
        }
        OpenInjectionStep load = steps == 1 ? constantUsersPerSec(rate).during(settings.duration())
                : incrementUsersPerSec(rate).times(steps).eachLevelLasting(settings.duration()).startingFrom(rate);
        setUp(catalog.injectOpen(load).protocols(protocol))
                .assertions(global().failedRequests().count().is(0L))
                .maxDuration(settings.duration().multipliedBy(steps).plusSeconds(60));
    }
}
