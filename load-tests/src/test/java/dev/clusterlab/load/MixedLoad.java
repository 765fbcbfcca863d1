package dev.clusterlab.load;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The scenario of the tasks whose apps serve {@code /work} (1 and 2), so that their reports compare
 * like with like: each virtual user keeps one keep-alive connection and, for the whole duration,
 * sends a random mix of a fast request and a CPU-heavy {@code GET /work?n=N}. Simulations with a
 * scenario of their own still take its {@link #protocol()} and {@link #assertions()}.
 *
 * <p>The two requests carry their own names in the report, so the fast request's latency shows
 * what the heavy ones do to it: on one event loop it waits behind them (head-of-line blocking); in
 * a cluster another worker answers it.
 */
public final class MixedLoad {
    /** The fast request: a path the apps of tasks 1 and 2 serve. */
    public static final String FAST_PATH = "/work?n=1";
    /** The CPU-heavy request's path; its {@code n} comes from {@link LoadSettings#workN()}. */
    public static final String WORK_PATH = "/work";

    private final String name;
    private final LoadSettings settings;

    private MixedLoad(String name, LoadSettings settings) {
        this.name = name;
        this.settings = settings;
    }

    /**
     * The scenario named {@code name} (its title in the report), with the settings from the
     * system properties; throws if {@code -DbaseUrl} is not on the loopback interface.
     */
    public static MixedLoad fromSystemProperties(String name) {
        return new MixedLoad(name, LoadSettings.fromSystemProperties());
    }

    /** The scenario named {@code name} with {@code settings}. */
    public static MixedLoad of(String name, LoadSettings settings) {
        return new MixedLoad(name, settings);
    }

    /** The settings of this run. */
    public LoadSettings settings() {
        return settings;
    }

    /** HTTP to the base URL: plain requests, no caching, a bounded wait for each response. */
    public HttpProtocolBuilder protocol() {
        return http.baseUrl(settings.baseUrlText())
                .acceptHeader("*/*")
                .userAgentHeader("clusterlab-load-tests (Gatling)")
                .disableCaching()
                .disableFollowRedirect()
                .check(status().is(200));
    }

    /** A request that should answer at once. */
    public ChainBuilder fast() {
        return exec(http("fast " + FAST_PATH).get(FAST_PATH));
    }

    /** A request that keeps a core busy for a while. */
    public ChainBuilder work() {
        return exec(http("work n=" + settings.workN()).get(WORK_PATH).queryParam("n", settings.workN()));
    }

    /** Each user, for the duration: a heavy request with probability workPercent, else a fast one. */
    public ScenarioBuilder scenario() {
        double heavy = settings.workPercent();
        return CoreDsl.scenario(name).during(settings.duration()).on(
                randomSwitch().on(
                        percent(heavy).then(work()),
                        percent(100.0 - heavy).then(fast())));
    }

    /** All users at once, each on its own connection. */
    public PopulationBuilder population() {
        return scenario().injectOpen(atOnceUsers(settings.users())).protocols(protocol());
    }

    /** A run fails when any request fails: a wrong status, a timeout, a refused or reset connection. */
    public Assertion[] assertions() {
        return new Assertion[] {global().failedRequests().count().is(0L)};
    }

    /** A bound on the whole run, so a hung app cannot hold the build forever. */
    public Duration maxDuration() {
        return settings.duration().plusSeconds(60);
    }
}
