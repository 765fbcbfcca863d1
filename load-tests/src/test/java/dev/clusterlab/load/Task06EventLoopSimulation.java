package dev.clusterlab.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
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

/**
 * Task 6, part 2: a blocked event loop and a free one. Each user, for the duration, sends {@code GET
 * /fast} or, with probability {@code -DworkPercent} (10), {@code GET /work?ms=-DworkMs} (100 ms of
 * CPU). Against the lab the CPU work runs on the event loop and the fast requests' p99 grows to the
 * work's length; against the solution it runs on a bounded pool and the fast p99 stays low (a 503
 * from a full pool is counted apart, not as a failure). Read the report's per-request percentiles.
 *
 * <p>{@code ./workbook load 6}, or {@code load-tests/scripts/task06-compare.sh loop} for lab and
 * solution side by side.
 */
public final class Task06EventLoopSimulation extends Simulation {
    {
        LoadSettings settings = LoadSettings.fromSystemProperties();
        double workPercent = Double.parseDouble(System.getProperty("workPercent", "10"));
        int workMs = Integer.parseInt(System.getProperty("workMs", "100"));
        HttpProtocolBuilder protocol = http.baseUrl(settings.baseUrlText()).disableCaching().disableFollowRedirect()
                .userAgentHeader("clusterlab-load-tests (Gatling)");
        ScenarioBuilder mix = scenario("task06 event loop").during(settings.duration()).on(
                randomSwitch().on(
                        percent(workPercent).then(exec(http("work " + workMs + " ms").get("/work?ms=" + workMs)
                                .check(status().in(200, 503)))),
                        percent(100.0 - workPercent).then(exec(http("fast").get("/fast").check(status().is(200))))));
        setUp(mix.injectOpen(atOnceUsers(settings.users())).protocols(protocol))
                .assertions(global().failedRequests().count().is(0L))
                .maxDuration(settings.duration().plusSeconds(60));
    }
}
