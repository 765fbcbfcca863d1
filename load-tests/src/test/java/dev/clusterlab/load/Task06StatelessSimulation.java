package dev.clusterlab.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Task 6, part 1: stateful against stateless workers under round-robin. Each user logs in once, then
 * for the duration reads its session ({@code GET /me}) and spends its API key's rate limit
 * ({@code GET /limited}), every request on a new connection ({@code Connection: close}), so that
 * round-robin sends them to every worker in turn. Against the lab (state in each worker) about half
 * the {@code GET /me} fail with 401; against the solution (state in Redis) none. The rate limit's
 * 429s are expected and not failures; what counts is how many 200s a key got.
 *
 * <p>{@code -Dusers=10 -Dduration=20}; {@code ./workbook load 6} with {@code SIMULATION=Task06StatelessSimulation},
 * or {@code load-tests/scripts/task06-compare.sh stateless} for lab and solution side by side.
 */
public final class Task06StatelessSimulation extends Simulation {
    {
        LoadSettings settings = LoadSettings.fromSystemProperties();
        HttpProtocolBuilder protocol = http.baseUrl(settings.baseUrlText()).disableCaching().disableFollowRedirect()
                .header("Connection", "close").userAgentHeader("clusterlab-load-tests (Gatling)");
        ScenarioBuilder users = scenario("task06 stateful vs stateless")
                .exec(session -> session.set("user", "user-" + session.userId()))
                .exec(http("POST /login").post("/login").header("Content-Type", "application/json")
                        .body(StringBody("{\"user\":\"#{user}\"}")).check(status().is(200), jsonPath("$.token").saveAs("token")))
                .during(settings.duration()).on(
                        exec(http("GET /me").get("/me").header("Authorization", "Bearer #{token}").check(status().is(200)))
                        .exec(http("GET /limited").get("/limited").header("X-Api-Key", "#{user}")
                                .check(status().in(200, 429))));
        setUp(users.injectOpen(atOnceUsers(settings.users())).protocols(protocol))
                .maxDuration(settings.duration().plusSeconds(60));
    }
}
