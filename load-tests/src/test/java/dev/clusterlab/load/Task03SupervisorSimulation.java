package dev.clusterlab.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Task 3: steady load on the supervised cluster ({@code dev.clusterlab.task03.SupervisedServer}). Each
 * user, on its own keep-alive connection, sends {@code GET /whoami} and, one request in ten,
 * {@code GET /stats}, which its worker answers only after a round trip to the primary over IPC. The
 * protocol, the {@code -DbaseUrl/-Dusers/-Dduration} settings and the zero-failure assertion are
 * {@link MixedLoad}'s; {@code -DworkN} and {@code -DworkPercent} do not apply (the app has no
 * {@code /work}).
 */
public final class Task03SupervisorSimulation extends Simulation {
    /** The share of requests, in percent, that ask the primary ({@code GET /stats}). */
    private static final double STATS_PERCENT = 10;

    {
        MixedLoad load = MixedLoad.fromSystemProperties("task03 supervisor");
        ScenarioBuilder supervised = scenario("task03 supervisor").during(load.settings().duration()).on(
                randomSwitch().on(
                        percent(STATS_PERCENT).then(exec(http("stats (via the primary)").get("/stats"))),
                        percent(100.0 - STATS_PERCENT).then(exec(http("whoami").get("/whoami")))));
        setUp(supervised.injectOpen(atOnceUsers(load.settings().users())).protocols(load.protocol()))
                .assertions(load.assertions())
                .maxDuration(load.maxDuration());
    }
}
