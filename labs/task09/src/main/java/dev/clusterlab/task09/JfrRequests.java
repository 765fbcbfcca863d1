package dev.clusterlab.task09;

import dev.clusterlab.cluster.Worker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The primary's side of JFR on demand: asks a worker for a recording and matches the worker's
 * answer to the question by a sequence number, as the runtime matches IPC replies.
 */
final class JfrRequests {
    /** How long past the recording itself the primary waits for the file. */
    static final Duration GRACE = Duration.ofSeconds(15);

    private final AtomicLong seq = new AtomicLong();
    private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

    /** Asks {@code worker} to record for {@code seconds}; completes with the {@code .jfr} path it wrote. */
    CompletableFuture<String> request(Worker worker, int seconds) {
        throw new UnsupportedOperationException("TODO(task09): send new ClusterMessage.RecordJfr(seq, seconds) to the worker, keep a future under seq until answered (answered() completes it), time it out after seconds + GRACE and forget it then");
    }

    /** A worker's answer. */
    void answered(ClusterMessage.JfrRecorded answer) {
        CompletableFuture<String> future = pending.remove(answer.seq());
        if (future == null) {
            return; // timed out already
        }
        if (answer.error() != null) {
            future.completeExceptionally(new IllegalStateException(answer.error()));
        } else {
            future.complete(answer.path());
        }
    }
}
