package dev.clusterlab.task05;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.Nginx;
import dev.clusterlab.testkit.Points;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task 5 with a real nginx in front of three instances (a, b, c; one worker each, standing in for three
 * machines) and the {@link HealthChecker} probing them every {@value #INTERVAL_MS} ms (fall 2, rise 2).
 * A steady stream of GET /whoami goes through nginx, each on a new connection, while one instance is
 * killed or drained. Skipped where nginx is not installed (CI installs it).
 */
@Graded
@Hint("Look at HealthChecker (probe: GET /readyz; apply: UpstreamFile.write of UpstreamFile.render, then"
        + " NginxReload.reload) and UpstreamHealth.record. Run it by hand: nginx/README.md shows three instances,"
        + " nginx and the checker.")
class BehindNginxTest {
    private static final int INTERVAL_MS = 500;
    private static final int FALL = 2;
    private static final int RISE = 2;
    /** Reload, new nginx workers and a loaded machine, on top of the checker's own FALL/RISE intervals. */
    private static final Duration MARGIN = Duration.ofSeconds(4);
    private static final Duration CHECKER_OUTPUT = Duration.ofSeconds(15);
    private static final List<String> NAMES = List.of("a", "b", "c");

    @Test
    @Points(2)
    @Hint("Killing one instance (SIGKILL) must cost no request: nginx retries a failed GET on the next instance"
            + " (proxy_next_upstream) and its passive check (max_fails) skips it for fail_timeout. The health"
            + " checker must then notice (FALL failed probes of GET /readyz), print `health: HOST:PORT is DOWN`,"
            + " mark it down in the upstream file and reload nginx, so that nginx stops trying it at all.")
    @Timeout(value = 100, unit = TimeUnit.SECONDS)
    void killingOneInstanceLosesNoRequest(@TempDir Path tmp) {
        Nginx.assumeInstalled();
        List<Instance> instances = Instance.startReady(NAMES, 1);
        try (Nginx nginx = Nginx.start(tmp.resolve("nginx"), Nginx.upstreams(instances.stream().map(Instance::port)
                .toList()));
             LaunchedApp checker = startChecker(instances, nginx);
             SteadyStream stream = SteadyStream.start(nginx.port(), 3, 10)) {
            awaitAnswersFromAll(stream, System.nanoTime());
            Instance victim = instances.get(1);

            victim.killAll();
            awaitChecker(checker, Pattern.quote("health: " + victim.server() + " is DOWN"));
            awaitChecker(checker, "health: nginx reloaded, down: \\[" + Pattern.quote(victim.server()) + "\\]");
            Instance.sleep(1000); // requests already inside the old nginx workers finish there
            int markedDown = nginx.accessLog().size();
            Instance.sleep(6000); // longer than fail_timeout=5s, after which nginx alone would try it again
            stream.stop();

            assertThat(stream.failures()).as("failed requests through nginx while instance b was killed: %s",
                    stream.summary()).isEmpty();
            List<String> after = nginx.accessLog().subList(markedDown, nginx.accessLog().size());
            assertThat(after).as("nginx's access log after the checker marked %s down", victim.server())
                    .isNotEmpty().noneMatch(line -> line.contains(victim.server()));
        } finally {
            instances.forEach(Instance::close);
        }
    }

    @Test
    @Points(2)
    @Hint("A draining instance still answers, but its GET /readyz says 503: the checker must take it out (FALL"
            + " failed probes, then `down` in the upstream file and an nginx reload) so that it gets no more"
            + " requests within FALL intervals plus a margin; after POST /ready it must come back (RISE good"
            + " probes, `health: HOST:PORT is UP`, reload) and get requests again. No request may fail meanwhile.")
    @Timeout(value = 100, unit = TimeUnit.SECONDS)
    void drainedInstanceLeavesRotationAndComesBackWhenReady(@TempDir Path tmp) {
        Nginx.assumeInstalled();
        List<Instance> instances = Instance.startReady(NAMES, 1);
        try (Nginx nginx = Nginx.start(tmp.resolve("nginx"), Nginx.upstreams(instances.stream().map(Instance::port)
                .toList()));
             LaunchedApp checker = startChecker(instances, nginx);
             SteadyStream stream = SteadyStream.start(nginx.port(), 3, 10)) {
            awaitAnswersFromAll(stream, System.nanoTime());
            Instance drained = instances.get(1);

            long drainedAt = System.nanoTime();
            drained.admin("/drain");
            awaitChecker(checker, Pattern.quote("health: " + drained.server() + " is DOWN"));
            long outBy = drainedAt + Duration.ofMillis((long) FALL * INTERVAL_MS + INTERVAL_MS).plus(MARGIN).toNanos();
            Instance.sleep(Math.max(0, (outBy - System.nanoTime()) / 1_000_000) + 2000);

            long lastDrained = stream.lastAnswerFrom(drained.name());
            assertThat((lastDrained - drainedAt) / 1_000_000).as("ms from POST /drain to the last request that"
                            + " instance b answered through nginx (the checker probes every %d ms, fall %d; %s)",
                    INTERVAL_MS, FALL, stream.summary())
                    .isLessThanOrEqualTo((outBy - drainedAt) / 1_000_000);
            assertThat(stream.answersSince(outBy)).as("answers per instance %d+ ms after POST /drain",
                    (outBy - drainedAt) / 1_000_000).doesNotContainKey(drained.name())
                    .containsKeys("a", "c");

            long readyAt = System.nanoTime();
            drained.admin("/ready");
            awaitChecker(checker, Pattern.quote("health: " + drained.server() + " is UP"));
            long backBy = readyAt + Duration.ofMillis((long) RISE * INTERVAL_MS + INTERVAL_MS).plus(MARGIN).toNanos();
            while (!stream.answersSince(readyAt).containsKey(drained.name()) && System.nanoTime() < backBy) {
                Instance.sleep(100);
            }
            stream.stop();

            assertThat(stream.answersSince(readyAt)).as("answers per instance after POST /ready on instance b")
                    .containsKey(drained.name());
            assertThat(stream.failures()).as("failed requests through nginx: %s", stream.summary()).isEmpty();
        } finally {
            instances.forEach(Instance::close);
        }
    }

    /** Starts the health checker for {@code instances} against {@code nginx}, and waits until it runs. */
    private static LaunchedApp startChecker(List<Instance> instances, Nginx nginx) {
        LaunchedApp checker = AppLauncher.forMainClass(HealthChecker.class).jvmArgs(Instance.JVM_ARGS)
                .env("INSTANCES", String.join(",", instances.stream().map(Instance::server).toList()))
                .env("NGINX_PREFIX", nginx.prefix().toString())
                .env("INTERVAL_MS", Integer.toString(INTERVAL_MS))
                .env("FALL", Integer.toString(FALL)).env("RISE", Integer.toString(RISE))
                .env("TIMEOUT_MS", "1000").name("HealthChecker").spawn();
        awaitChecker(checker, "health: checking");
        Instance.sleep(3L * INTERVAL_MS);
        assertThat(checker.isAlive()).as("whether the health checker still runs after a few rounds:\n%s",
                checker.outputTail(30)).isTrue();
        assertThat(checker.output()).as("the health checker's output with every instance ready")
                .doesNotContain("is DOWN");
        return checker;
    }

    private static void awaitChecker(LaunchedApp checker, String regex) {
        checker.awaitOutput(Pattern.compile(regex), CHECKER_OUTPUT);
    }

    /** Waits until every instance has answered through nginx since {@code since}. */
    private static void awaitAnswersFromAll(SteadyStream stream, long since) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!stream.answersSince(since).keySet().containsAll(NAMES) && System.nanoTime() < deadline) {
            Instance.sleep(100);
        }
        assertThat(stream.answersSince(since).keySet()).as("the instances that answered through nginx: %s",
                stream.summary()).containsAll(NAMES);
    }
}
