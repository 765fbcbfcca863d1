package dev.clusterlab.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Task 9: load for the monitoring of {@code dev.clusterlab.task09.MonitoredServer} to show. Each user
 * keeps one keep-alive connection and, for the duration, sends {@code GET /} or, with probability
 * {@code -DslowPercent} (5 by default), {@code GET /slow?ms=-DslowMs} (200 by default). While it runs,
 * watch {@code curl 127.0.0.1:9464/describe} (req/s, p99 per worker) and compare the report's request
 * count and p99 with {@code /metrics}' {@code clusterlab_cluster_http_requests_total} and its histogram.
 * The run fails if a single request fails.
 */
public final class Task09MonitoringSimulation extends Simulation {
    {
        MixedLoad load = MixedLoad.fromSystemProperties("task09 monitoring");
        double slowPercent = Double.parseDouble(System.getProperty("slowPercent", "5"));
        int slowMs = Integer.parseInt(System.getProperty("slowMs", "200"));
        ScenarioBuilder mix = scenario("task09 monitoring").during(load.settings().duration()).on(
                randomSwitch().on(
                        percent(slowPercent).then(exec(http("slow " + slowMs + " ms").get("/slow?ms=" + slowMs))),
                        percent(100.0 - slowPercent).then(exec(http("fast /").get("/")))));
        setUp(mix.injectOpen(atOnceUsers(load.settings().users())).protocols(load.protocol()))
                .assertions(load.assertions())
                .maxDuration(load.maxDuration());
    }
}
