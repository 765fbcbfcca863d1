package dev.clusterlab.task03;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.CurrentWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker's side of {@code GET /stats}: asks the primary for its registry with a
 * {@link Message.StatsRequest} and waits for the {@link Message.StatsReply}. Messages are one-way and
 * several requests may wait at once (handlers run on virtual threads), so each request carries an id
 * and the reply is matched to its request by that id.
 */
final class StatsClient {
    private static final Logger LOG = LoggerFactory.getLogger(StatsClient.class);
    /** How long a request waits for the primary's reply. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final CurrentWorker worker;
    private final AtomicLong lastId = new AtomicLong();
    /** The requests waiting for their reply, by id. */
    private final Map<Long, CompletableFuture<Message.StatsReply>> waiting = new ConcurrentHashMap<>();

    /** A client that listens for the primary's messages from now on. */
    StatsClient(CurrentWorker worker) {
        this.worker = worker;
        worker.onMessage(this::received);
    }

    /**
     * Asks the primary for its registry.
     *
     * @throws TimeoutException if no reply came within {@link #TIMEOUT}
     * @throws ExecutionException if the request could not be sent
     */
    Message.StatsReply ask() throws TimeoutException, ExecutionException, InterruptedException {
        throw new UnsupportedOperationException("TODO(task03): send the primary a StatsRequest with a new id (worker.send), then wait at most TIMEOUT for the reply that received() hands over under that id; forget the id however it ends");
    }

    /** Hears each message from the primary, one at a time, on the worker's message thread. */
    private void received(JsonNode json) {
        throw new UnsupportedOperationException("TODO(task03): read the JSON as a Message (Message.from): a StatsReply completes the request waiting under its requestId, if one still waits (it may have timed out); anything else is logged");
    }
}
