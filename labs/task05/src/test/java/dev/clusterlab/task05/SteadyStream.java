package dev.clusterlab.task05;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * A steady stream of {@code GET /whoami} through nginx: a few clients, each sending one request at a
 * time on a new connection with a short pause between them, until {@link #stop()}. Every answer is
 * kept with the time it was sent and the instance that answered, so a check can ask who answered
 * after a given moment and whether any request failed.
 */
final class SteadyStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /**
     * One request.
     *
     * @param sentNanos {@link System#nanoTime()} when it was sent
     * @param instance  the instance that answered, or null when it failed
     * @param failure   why it failed (status and body, or the error), or null
     */
    record Sample(long sentNanos, String instance, String failure) {
    }

    private final int port;
    private final long pauseMillis;
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running = true;

    private SteadyStream(int port, int clients, long pauseMillis) {
        this.port = port;
        this.pauseMillis = pauseMillis;
        for (int i = 0; i < clients; i++) {
            Thread client = Thread.ofPlatform().daemon().name("steady-stream-" + i).start(this::run);
            this.clients.add(client);
        }
    }

    /** Starts {@code clients} clients against 127.0.0.1:{@code port}. */
    static SteadyStream start(int port, int clients, long pauseMillis) {
        return new SteadyStream(port, clients, pauseMillis);
    }

    private void run() {
        while (running) {
            long sent = System.nanoTime();
            samples.add(once(sent));
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Sample once(long sent) {
        try {
            HttpResult result = Http.getOnNewConnection(port, "/whoami", TIMEOUT);
            if (result.status() != 200) {
                return new Sample(sent, null, "status " + result.status() + ": " + result.body().strip());
            }
            return new Sample(sent, JSON.readTree(result.body()).path("instance").asText("?"), null);
        } catch (UncheckedIOException | IOException e) {
            return new Sample(sent, null, e.getMessage());
        }
    }

    /** Every request so far. */
    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The requests that failed so far. */
    List<Sample> failures() {
        return samples.stream().filter(s -> s.failure() != null).toList();
    }

    /** Answers per instance among the requests sent at or after {@code fromNanos}. */
    Map<String, Long> answersSince(long fromNanos) {
        return samples.stream().filter(s -> s.instance() != null && s.sentNanos() >= fromNanos)
                .collect(Collectors.groupingBy(Sample::instance, TreeMap::new, Collectors.counting()));
    }

    /** The last time {@code instance} answered a request, as the nanoTime it was sent, or Long.MIN_VALUE. */
    long lastAnswerFrom(String instance) {
        return samples.stream().filter(s -> instance.equals(s.instance())).mapToLong(Sample::sentNanos)
                .max().orElse(Long.MIN_VALUE);
    }

    /** A line for failure messages. */
    String summary() {
        List<Sample> all = samples();
        Map<String, Long> byInstance = all.stream().collect(Collectors.groupingBy(
                s -> s.instance() != null ? s.instance() : "failed", TreeMap::new, Collectors.counting()));
        List<String> failures = failures().stream().map(Sample::failure).distinct().limit(3).toList();
        return all.size() + " requests through nginx, answers by instance " + byInstance
                + (failures.isEmpty() ? "" : "; failures like " + failures);
    }

    /** Stops the clients and waits for their last requests. */
    void stop() {
        running = false;
        for (Thread client : clients) {
            try {
                client.join(TIMEOUT.plusSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
