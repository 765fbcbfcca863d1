package dev.clusterlab.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Task 7: a constant rate of {@code GET /version} (one new virtual user, hence one new connection,
 * per request) while something is deployed: run by {@code load-tests/scripts/task07-rolling-reload.sh}
 * and {@code task07-blue-green.sh}, through nginx in front of three instances of
 * {@code dev.clusterlab.task07.ZeroDowntimeServer}. The run fails if a single request fails.
 *
 * <p>Each request is reported in the group of the deploy's phase when it was sent, read from the
 * file {@code -DphaseFile} that the script rewrites ({@code warmup}, {@code before}, {@code during},
 * {@code after}), so the report gives p50/p99 per phase. Without the file every request is in
 * {@code steady} ({@code ./workbook load 7}, which deploys nothing).
 *
 * <pre>
 * -DbaseUrl=http://127.0.0.1:8080   nginx, or the app itself (loopback only)
 * -Drate=100                         new requests per second
 * -Dduration=40                      seconds
 * -DphaseFile=...                    where the script writes the phase
 * -Devent=rolling-reload             the name of the run in the report
 * </pre>
 */
public final class Task07ZeroDowntimeSimulation extends Simulation {
    {
        LoadSettings settings = LoadSettings.fromSystemProperties();
        double rate = Double.parseDouble(System.getProperty("rate", "100"));
        Duration duration = settings.duration();
        String phaseFile = System.getProperty("phaseFile", "");
        String event = System.getProperty("event", "steady load");
        MixedLoad load = MixedLoad.of("task07 " + event, settings);

        ScenarioBuilder versions = scenario("task07 " + event).exec(
                group(session -> phase(phaseFile)).on(exec(http("GET /version").get("/version"))));
        setUp(versions.injectOpen(constantUsersPerSec(rate).during(duration)).protocols(load.protocol()))
                .assertions(load.assertions())
                .maxDuration(load.maxDuration());
    }

    /** The phase the script last wrote, or {@code steady} without a phase file. */
    private static String phase(String phaseFile) {
        if (phaseFile.isBlank()) {
            return "steady";
        }
        try {
            String phase = Files.readString(Path.of(phaseFile)).strip();
            return phase.isEmpty() ? "steady" : phase;
        } catch (IOException e) {
            return "steady";
        }
    }
}
