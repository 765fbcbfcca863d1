package dev.clusterlab.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a {@link LoadLoop} saw, in the order the requests were sent, with the counts checks assert on.
 *
 * @param samples every request, ordered by {@link LoadSample#sentAt()}
 * @param elapsed how long the loop ran
 */
public record LoadResult(List<LoadSample> samples, Duration elapsed) {

    /** Sorts and copies the samples. */
    public LoadResult {
        List<LoadSample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparing(LoadSample::sentAt));
        samples = List.copyOf(sorted);
    }

    /** How many requests were sent. */
    public int count() {
        return samples.size();
    }

    /** How many got a 2xx response. */
    public long successes() {
        return samples.stream().filter(LoadSample::isSuccess).count();
    }

    /** The requests that got no response at all. */
    public List<LoadSample> errors() {
        return samples.stream().filter(s -> !s.ok()).toList();
    }

    /** Responses per status code (-1 for requests that failed), sorted by code. */
    public Map<Integer, Long> statusCounts() {
        return countBy(LoadSample::status);
    }

    /** Responses per body, e.g. per worker when each worker answers with its id. */
    public Map<String, Long> bodyCounts() {
        return countBy(LoadSample::body);
    }

    /** Requests per key, e.g. {@code countBy(s -> s.header("X-Worker").orElse("?"))}; sorted by key. */
    public <K> Map<K, Long> countBy(Function<LoadSample, K> key) {
        return samples.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    /**
     * The latency below which {@code fraction} of the answered requests fall (0.5 = median,
     * 0.99 = p99); zero when none was answered.
     */
    public Duration latencyPercentile(double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be in 0..1, was " + fraction);
        }
        List<Duration> latencies = samples.stream().filter(LoadSample::ok).map(LoadSample::latency).sorted().toList();
        if (latencies.isEmpty()) {
            return Duration.ZERO;
        }
        int index = (int) Math.ceil(fraction * latencies.size()) - 1;
        return latencies.get(Math.max(0, Math.min(index, latencies.size() - 1)));
    }

    /** Requests per second over the whole loop. */
    public double throughput() {
        return elapsed.isZero() ? 0 : count() / (elapsed.toNanos() / 1e9);
    }

    /** One line for failure messages: counts per status and the first few errors. */
    public String summary() {
        StringBuilder text = new StringBuilder(count() + " requests in " + elapsed.toMillis() + " ms; by status "
                + statusCounts());
        List<String> reasons = errors().stream().map(LoadSample::error).distinct().limit(3).toList();
        if (!reasons.isEmpty()) {
            text.append("; errors like ").append(reasons);
        }
        return text.toString();
    }

    /** The {@link #summary()}, so a failed assertion on a result reads well. */
    @Override
    public String toString() {
        return summary();
    }
}
