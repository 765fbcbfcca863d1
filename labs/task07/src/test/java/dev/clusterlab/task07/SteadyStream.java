package dev.clusterlab.task07;

import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A steady stream of {@code GET path} on 127.0.0.1:port, each on a new connection, from a few client
 * threads, until {@link #stop()}: what a deploy must not disturb. Every request is recorded, errors
 * included, with when it was sent.
 */
final class SteadyStream implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** One request: when it was sent (System.nanoTime), its status (-1: no answer) and body or error. */
    record Sample(long sentNanos, int status, String body) {
        boolean ok() {
            return status == 200;
        }
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Queue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();

    private SteadyStream(int port, String path, int clients) {
        for (int i = 0; i < clients; i++) {
            this.clients.add(Thread.ofPlatform().daemon().name("steady-stream-" + i).start(() -> {
                while (running.get()) {
                    long sent = System.nanoTime();
                    try {
                        HttpResult result = Http.getOnNewConnection(port, path, REQUEST_TIMEOUT);
                        samples.add(new Sample(sent, result.status(), result.body().strip()));
                    } catch (RuntimeException e) {
                        samples.add(new Sample(sent, -1, e.getMessage()));
                    }
                }
            }));
        }
    }

    /** Starts {@code clients} threads sending {@code GET path} to 127.0.0.1:{@code port}. */
    static SteadyStream start(int port, String path, int clients) {
        return new SteadyStream(port, path, clients);
    }

    /** Stops sending, waits for the requests in flight, and returns every request sent. */
    List<Sample> stop() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(REQUEST_TIMEOUT.plusSeconds(5));
        }
        return List.copyOf(samples);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The requests that did not get a 200. */
    static List<Sample> failures(List<Sample> samples) {
        return samples.stream().filter(s -> !s.ok()).toList();
    }
}
