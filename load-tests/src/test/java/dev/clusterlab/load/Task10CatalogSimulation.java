package dev.clusterlab.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

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
 * <p>{@code ./workbook load 10 -Drate=2000}; the demo serves the catalog on {@code PORT}.
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
        setUp(catalog.injectOpen(constantUsersPerSec(rate).during(settings.duration())).protocols(protocol))
                .assertions(global().failedRequests().count().is(0L))
                .maxDuration(settings.duration().plusSeconds(60));
    }
}
