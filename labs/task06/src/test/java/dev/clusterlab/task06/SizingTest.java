package dev.clusterlab.task06;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.Redis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Part 3: the sizing probe measures real workers, fits the Universal Scalability Law and recommends a count. */
@Graded
@Hint("Look at ScalingFit.fit in src/main.")
class SizingTest {
    private static final Pattern ROW = Pattern.compile(
            "workers (\\d+): (\\d+) req/s, p99 ([\\d.]+) ms, RSS per worker ([\\d.]+) MB \\(pids \\[([\\d, ]*)]\\)");
    private static final Pattern RECOMMENDATION = Pattern.compile("recommendation: (\\d+) workers");

    @TempDir
    Path dir;

    @Test
    @Points(1)
    @Hint("ScalingFit.fit must recover sigma and kappa of the Universal Scalability Law from measured points (least squares"
            + " on N*lambda/X(N) - 1 = sigma(N-1) + kappa*N(N-1), lambda = X(1)); recommend() then picks the knee. The"
            + " probe pinned to 1 core must find that CPU-bound work gains nothing from a second worker.")
    void theFitFindsTheKneeAndTheProbeRecommendsTheCoresItWasGiven() {
        assertRecovers(0.05, 0.002);
        assertRecovers(0.30, 0.0);
        assertRecovers(0.0, 0.01);

        Redis.assumeInstalled();
        try (Redis redis = Redis.start(dir)) {
            LaunchedApp probe = AppLauncher.forMainClass(SizingProbe.class).env("REDIS_URL", redis.url())
                    .args("--cores", "1", "--max", "2", "--path", "/work?ms=4", "--concurrency", "4", "--warmup", "1",
                            "--seconds", "1")
                    .spawn();
            int exit = probe.awaitExit(Duration.ofSeconds(120));
            String output = probe.output();
            assertThat(exit).as("SizingProbe's exit code; its output:%n%s", output).isZero();
            List<Matcher> rows = new ArrayList<>();
            ROW.matcher(output).results().forEach(r -> rows.add(ROW.matcher(r.group())));
            rows.forEach(Matcher::matches);
            assertThat(rows).as("rows 'workers N: ... req/s ...' in its output:%n%s", output).hasSize(2);
            for (Matcher row : rows) {
                int workers = Integer.parseInt(row.group(1));
                List<String> pids = List.of(row.group(5).split(",\\s*"));
                assertThat(pids).as("the pids measured with %d workers: %s", workers, row.group()).hasSize(workers)
                        .doesNotHaveDuplicates().allSatisfy(pid -> assertThat(Long.parseLong(pid)).isPositive());
                assertThat(Double.parseDouble(row.group(4))).as("RSS per worker (MB, from /proc): %s", row.group())
                        .isBetween(20.0, 2000.0);
                assertThat(Integer.parseInt(row.group(2))).as("req/s: %s", row.group()).isPositive();
            }
            Matcher recommendation = RECOMMENDATION.matcher(output);
            assertThat(recommendation.find()).as("a 'recommendation: N workers' line in:%n%s", output).isTrue();
            assertThat(Integer.parseInt(recommendation.group(1))).as("the recommendation for CPU-bound work on 1 core:%n%s",
                    output).isEqualTo(1);
        }
    }

    /** Points of a known curve with ±1.5% noise; the fit must find its parameters and the same knee. */
    private static void assertRecovers(double sigma, double kappa) {
        List<ScalingFit.Point> points = new ArrayList<>();
        for (int n = 1; n <= 16; n++) {
            double noise = n == 1 ? 1 : 1 + (n % 2 == 0 ? 0.015 : -0.015);
            points.add(new ScalingFit.Point(n, usl(100, sigma, kappa, n) * noise));
        }
        ScalingFit fit = ScalingFit.fit(points);
        String what = String.format("fit of a curve with sigma %.3f, kappa %.4f: %s", sigma, kappa, fit);
        assertThat(fit.lambda()).as(what).isCloseTo(100, within(1.0));
        assertThat(fit.sigma()).as(what).isCloseTo(sigma, within(0.02));
        assertThat(fit.kappa()).as(what).isCloseTo(kappa, within(0.001));
        assertThat(fit.recommend(16)).as("recommend(16) for the %s", what).isEqualTo(knee(sigma, kappa, 16));
    }

    private static double usl(double lambda, double sigma, double kappa, int n) {
        return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1.0));
    }

    /** The fewest workers within 90% of the true curve's best, counted here from the law itself. */
    private static int knee(double sigma, double kappa, int max) {
        double best = 0;
        for (int n = 1; n <= max; n++) {
            best = Math.max(best, usl(1, sigma, kappa, n));
        }
        int n = 1;
        while (usl(1, sigma, kappa, n) < 0.9 * best) {
            n++;
        }
        return n;
    }
}
