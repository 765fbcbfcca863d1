package dev.clusterlab.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load loop: {@code concurrency} clients send GETs to one 127.0.0.1 URL until
 * {@code requests} were sent or {@code maxDuration} passed, whichever comes first, and every response,
 * latency and error is kept for the check to assert on.
 *
 * <pre>{@code
 * LoadResult result = LoadLoop.get(app.port(), "/pid").requests(200).concurrency(8)
 *         .newConnectionPerRequest().run();
 * assertThat(result.bodyCounts()).hasSize(2);
 * }</pre>
 *
 * <p>Hard limits keep a check from turning into a load test: at most {@value #MAX_REQUESTS} requests,
 * {@value #MAX_CONCURRENCY} clients and {@link #MAX_DURATION} (plus one request timeout for the last
 * requests to finish); only http://127.0.0.1 targets.
 */
public final class LoadLoop {

    /** The most requests one loop sends. */
    public static final int MAX_REQUESTS = 100_000;
    /** The most concurrent clients one loop runs. */
    public static final int MAX_CONCURRENCY = 256;
    /** The longest one loop runs. */
    public static final Duration MAX_DURATION = Duration.ofSeconds(120);
    /** How long a loop runs when neither a count nor a duration is given. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    /** How long one request may take by default. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final URI uri;
    private int requests = MAX_REQUESTS;
    private int concurrency = 1;
    private Duration maxDuration = DEFAULT_DURATION;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private boolean newConnectionPerRequest;

    private LoadLoop(URI uri) {
        this.uri = Http.requireLoopback(uri);
    }

    /** A loop against {@code http://127.0.0.1:port/path}. */
    public static LoadLoop get(int port, String path) {
        return new LoadLoop(Http.uri(port, path));
    }

    /**
     * A loop against {@code uri}.
     *
     * @throws IllegalArgumentException unless it is an http://127.0.0.1:port URL
     */
    public static LoadLoop get(URI uri) {
        return new LoadLoop(uri);
    }

    /** Stop after this many requests (1..{@value #MAX_REQUESTS}); by default only time stops the loop. */
    public LoadLoop requests(int requests) {
        this.requests = within("requests", requests, MAX_REQUESTS);
        return this;
    }

    /** How many clients send at once (1..{@value #MAX_CONCURRENCY}); default 1. */
    public LoadLoop concurrency(int concurrency) {
        this.concurrency = within("concurrency", concurrency, MAX_CONCURRENCY);
        return this;
    }

    /**
     * Stop sending after this long (default 10 s, at most {@link #MAX_DURATION}); requests in flight then
     * finish within their {@link #requestTimeout}, so the loop returns within the sum of both.
     */
    public LoadLoop maxDuration(Duration maxDuration) {
        if (maxDuration.isNegative() || maxDuration.isZero() || maxDuration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("maxDuration must be in (0, " + MAX_DURATION + "], was " + maxDuration);
        }
        this.maxDuration = maxDuration;
        return this;
    }

    /** How long one request may take before it counts as an error; default 5 s, at most 60 s. */
    public LoadLoop requestTimeout(Duration requestTimeout) {
        if (requestTimeout.isNegative() || requestTimeout.isZero() || requestTimeout.toSeconds() > 60) {
            throw new IllegalArgumentException("requestTimeout must be in (0, 60 s], was " + requestTimeout);
        }
        this.requestTimeout = requestTimeout;
        return this;
    }

    /**
     * Open a new connection for every request ({@code Connection: close}) instead of keeping one
     * alive per client: with keep-alive a cluster sees only {@code concurrency} connections.
     */
    public LoadLoop newConnectionPerRequest() {
        this.newConnectionPerRequest = true;
        return this;
    }

    /** Runs the loop on the calling thread's behalf and returns when every client has stopped. */
    public LoadResult run() {
        long start = System.nanoTime();
        long deadline = start + maxDuration.toNanos();
        AtomicInteger issued = new AtomicInteger();
        Queue<LoadSample> samples = new ConcurrentLinkedQueue<>();
        HttpClient client = newConnectionPerRequest ? null : Http.newClient();
        List<Thread> clients = new ArrayList<>();
        try {
            for (int i = 0; i < concurrency; i++) {
                Thread thread = new Thread(() -> {
                    while (issued.getAndIncrement() < requests && !Thread.currentThread().isInterrupted()) {
                        if (System.nanoTime() >= deadline) {
                            return;
                        }
                        // A request sent before the deadline gets its full timeout: cutting it short
                        // would count the loop's own end as the app's error.
                        samples.add(once(client, start, requestTimeout));
                    }
                }, "testkit-load-" + i);
                thread.setDaemon(true);
                clients.add(thread);
                thread.start();
            }
            joinAll(clients, deadline + requestTimeout.toNanos() + 1_000_000_000L);
        } finally {
            if (client != null) {
                // Aborts anything still in flight, so no request outlives the loop.
                client.shutdownNow();
            }
        }
        return new LoadResult(new ArrayList<>(samples), Duration.ofNanos(System.nanoTime() - start));
    }

    private LoadSample once(HttpClient client, long loopStart, Duration timeout) {
        long sent = System.nanoTime();
        Duration sentAt = Duration.ofNanos(sent - loopStart);
        try {
            HttpResult result = client == null
                    ? RawHttp.get(uri, timeout)
                    : send(client, timeout);
            return new LoadSample(sentAt, result.latency(), result.status(), result.headers(), result.body(), null);
        } catch (IOException | RuntimeException e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
            return new LoadSample(sentAt, Duration.ofNanos(System.nanoTime() - sent), -1, Map.of(), "", reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LoadSample(sentAt, Duration.ofNanos(System.nanoTime() - sent), -1, Map.of(), "",
                    "interrupted: the loop ran out of time");
        }
    }

    private HttpResult send(HttpClient client, Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        return Http.result(client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString()), start);
    }

    /** Joins every client by {@code deadlineNanos}; a client still running then is interrupted. */
    private static void joinAll(List<Thread> threads, long deadlineNanos) {
        for (Thread thread : threads) {
            try {
                long left = deadlineNanos - System.nanoTime();
                if (left > 0) {
                    thread.join(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int within(String name, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(name + " must be in 1.." + max + ", was " + value);
        }
        return value;
    }
}
