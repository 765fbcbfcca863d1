package dev.clusterlab.task09;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships JSON lines to an Elasticsearch-compatible store (OpenSearch, Elasticsearch) through its
 * {@code _bulk} API, from a thread of its own, so a slow or absent store never slows a worker's
 * output. While the store cannot take them, lines wait (up to {@link #CAPACITY}) and the batch is
 * retried with backoff; the merged file has every line whatever happens here.
 */
final class LogShipper {
    static final int BATCH_LINES = 1_000;
    static final int CAPACITY = 200_000;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(LogShipper.class);

    private final URI bulk;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;
    private boolean reachable = true;

    /** Starts shipping to {@code store}'s index {@code index}. */
    LogShipper(URI store, String index) {
        // filter_path: of each item only its status and error, not its id, version and shards
        this.bulk = store.resolve(index + "/_bulk?filter_path=errors,items.*.status,items.*.error");
        this.thread = Thread.ofPlatform().daemon().name("log-shipper").start(this::run);
    }

    /** Queues one JSON line; when the queue is full the line is counted as dropped (the file still has it). */
    void offer(String line) {
        if (!queue.offer(line) && Long.bitCount(dropped.incrementAndGet()) == 1) { // say it at 1, 2, 4, 8 ...
            LOG.warn("the log store at {} is behind: {} lines not shipped so far (they are in the merged file)", bulk,
                    dropped.get());
        }
    }

    private void run() {
        List<String> batch = new ArrayList<>();
        Duration backoff = FIRST_BACKOFF;
        while (!(closing && batch.isEmpty() && queue.isEmpty())) {
            try {
                if (batch.isEmpty()) {
                    String first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH_LINES - 1);
                }
                batch = ship(batch);
                if (batch.isEmpty()) {
                    backoff = FIRST_BACKOFF;
                } else {
                    Thread.sleep(backoff);
                    Duration doubled = backoff.multipliedBy(2);
                    backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
                }
            } catch (InterruptedException e) {
                LOG.warn("stopped shipping with {} lines unshipped (they are in the merged file)",
                        batch.size() + queue.size());
                return;
            }
        }
    }

    /** Sends {@code batch}; answers the lines to send again (none when the store took them all). */
    private List<String> ship(List<String> batch) throws InterruptedException {
        HttpResponse<String> answer;
        try {
            answer = client.send(HttpRequest.newBuilder(bulk).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(bulkBody(batch), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            reachable(false, e.toString());
            return batch;
        }
        if (answer.statusCode() == 429 || answer.statusCode() >= 500) {
            reachable(false, "HTTP " + answer.statusCode());
            return batch;
        }
        reachable(true, null);
        if (answer.statusCode() != 200) {
            // The store refused the request itself: sending it again would be refused again.
            LOG.error("the log store refused {} lines with HTTP {}: {}", batch.size(), answer.statusCode(),
                    abbreviate(answer.body()));
            return List.of();
        }
        JsonNode result;
        try {
            result = Json.mapper().readTree(answer.body());
        } catch (IOException e) {
            LOG.error("the log store answered {} lines with what is not JSON: {}", batch.size(),
                    abbreviate(answer.body()));
            return List.of();
        }
        return retryable(batch, result);
    }

    // tag::bulk[]
    /** The {@code _bulk} body: for each line an action line, then the line itself, each ended by a newline. */
    static String bulkBody(List<String> lines) {
        // BEGIN SOLUTION one {"index":{}} action line (the index is in the URL; no _type since Elasticsearch 7) followed by the document line, each ending with \n, the last one too
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            body.append("{\"index\":{}}\n").append(line).append('\n');
        }
        return body.toString();
        // END SOLUTION
    }

    /**
     * The lines of {@code batch} the store answered with a status worth trying again (429 or 5xx);
     * the lines it refused for good (a 4xx such as a mapping conflict) are logged and left out.
     */
    static List<String> retryable(List<String> batch, JsonNode answer) {
        // BEGIN SOLUTION when answer.errors is false, nothing; else answer.items[i] is batch.get(i)'s result: {"index":{"status":..., "error":{...}}}; keep 429 and >= 500, log the others with their error
        List<String> again = new ArrayList<>();
        if (!answer.path("errors").asBoolean()) {
            return again;
        }
        JsonNode items = answer.path("items");
        for (int i = 0; i < batch.size(); i++) {
            JsonNode result = items.path(i).path("index");
            int status = result.path("status").asInt(500);
            if (status == 429 || status >= 500) {
                again.add(batch.get(i));
            } else if (status >= 300) {
                LOG.error("the log store refused a line with {}: {}; the line: {}", status,
                        abbreviate(result.path("error").toString()), abbreviate(batch.get(i)));
            }
        }
        return again;
        // END SOLUTION
    }
    // end::bulk[]

    private void reachable(boolean now, String why) {
        if (now != reachable) {
            if (now) {
                LOG.info("the log store at {} takes lines again", bulk);
            } else {
                LOG.warn("the log store at {} cannot take lines ({}); keeping them and trying again", bulk, why);
            }
            reachable = now;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** Ships what is queued, waiting at most {@code deadline}, then stops. */
    void close(Duration deadline) {
        closing = true;
        try {
            thread.join(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
