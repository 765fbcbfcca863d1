package dev.clusterlab.task10;

import dev.clusterlab.http.Handler;
import dev.clusterlab.http.Response;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Overload protection for one worker: at most {@link ConcurrencyLimit#current()} requests run at
 * once, a few more wait in a short queue for at most {@code queueTimeout}, and the rest are shed at
 * once with {@code 503} and {@code Retry-After}. Past capacity a client then hears "not now" in
 * milliseconds instead of waiting in an ever longer line, and the requests that are admitted keep
 * their latency.
 *
 * <p>Handlers run on virtual threads ({@code Execution.VIRTUAL_THREADS}), so a request that waits in
 * the queue parks its own virtual thread and nothing else.
 */
final class AdmissionControl {
    /** What a shed request hears: try again in a second. */
    static final String RETRY_AFTER_SECONDS = "1";

    /** What {@code GET /admission} reports for this worker. */
    record Snapshot(String limit, int inFlight, int waiting, int peakInFlight, long admitted, long shed) {
    }

    private final ConcurrencyLimit limit;
    private final int queueSize;
    private final long queueTimeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final LongAdder admitted = new LongAdder();
    private final LongAdder shed = new LongAdder();
    private int inFlight;
    private int waiting;
    private int peakInFlight;

    AdmissionControl(ConcurrencyLimit limit, int queueSize, Duration queueTimeout) {
        if (queueSize < 0) {
            throw new IllegalArgumentException("the queue size must not be negative, was " + queueSize);
        }
        this.limit = limit;
        this.queueSize = queueSize;
        this.queueTimeoutNanos = queueTimeout.toNanos();
    }

    /** {@code handler} behind this admission control: run when admitted, else a fast 503. */
    // tag::guard[]
    Handler guard(Handler handler) {
        return request -> {
            int running = admit();
            if (running < 0) {
                return Response.error(503, "over capacity: retry after " + RETRY_AFTER_SECONDS + " s")
                        .withHeader("Retry-After", RETRY_AFTER_SECONDS);
            }
            long start = System.nanoTime();
            try {
                return handler.handle(request);
            } finally {
                release(System.nanoTime() - start, running);
            }
        };
    }
    // end::guard[]

    /**
     * Takes a place for one request: at once while fewer than the limit run, else after waiting in
     * the queue (if it has room) for at most the queue timeout.
     *
     * @return how many requests run now, this one included, or -1 when the request is shed
     */
    // tag::admit[]
    int admit() throws InterruptedException {
        throw new UnsupportedOperationException("TODO(task10): under the lock: run at once while inFlight < limit.current(); else wait on released for at most queueTimeoutNanos if fewer than queueSize already wait; else (or when the wait runs out) count it as shed, tell limit.onSample(0, inFlight, true) and return -1. Track peakInFlight and admitted");
    }


    // end::admit[]

    /** Gives back the place of a request that ran for {@code rttNanos} and wakes one that waits. */
    void release(long rttNanos, int runningAtStart) {
        throw new UnsupportedOperationException("TODO(task10): under the lock: one fewer in flight, report limit.onSample(rttNanos, runningAtStart, false), signal released");
    }

    /** The numbers {@code GET /admission} shows. */
    Snapshot snapshot() {
        lock.lock();
        try {
            return new Snapshot(limit.toString(), inFlight, waiting, peakInFlight, admitted.sum(), shed.sum());
        } finally {
            lock.unlock();
        }
    }

    /** The queue timeout, for the log line. */
    long queueTimeoutMillis() {
        return TimeUnit.NANOSECONDS.toMillis(queueTimeoutNanos);
    }
}
