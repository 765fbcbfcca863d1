package dev.clusterlab.task10;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.json.Json;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The producer's side of the shared queue ({@code JOB_MODE=stream}), on an instance's primary: each
 * job gets an id unique across instances ({@code INCR}) and goes into the stream ({@code XADD});
 * whichever worker of whichever instance runs it records the result in Redis, so the job survives
 * the instance that took it, and this one too. {@code POST /jobs} still answers with the result:
 * the future completes when a consumer publishes the job's id on the stream's {@code :done} channel
 * (and, should that message be missed, when a sweep every 250 ms finds the result recorded).
 *
 * <p>At most {@code maxWaiting} jobs of this instance wait for their results; more are rejected
 * (429). A job without a result after {@code timeout} fails (504) but stays in the stream: it may
 * still run, and its result is then recorded all the same.
 */
final class StreamQueue implements JobRunner, AutoCloseable {
    private static final long SWEEP_MILLIS = 250;

    /** A job of this instance that has no result yet. */
    private record Waiting(long id, long submittedNanos, CompletableFuture<JobResult> future) {
    }

    private final StreamSettings settings;
    private final int maxWaiting;
    private final Duration timeout;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final StatefulRedisPubSubConnection<String, String> done;
    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counters = new LinkedHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stream-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    private StreamQueue(StreamSettings settings, int maxWaiting, Duration timeout) {
        this.settings = settings;
        this.maxWaiting = maxWaiting;
        this.timeout = timeout;
        for (String name : new String[] {"submitted", "completed", "rejected", "timedOut", "failed"}) {
            counters.put(name, new AtomicLong());
        }
        this.client = settings.client();
        this.connection = settings.connect(client);
        this.redis = connection.sync();
        this.async = connection.async();
        settings.ensureGroup(redis);
        this.done = client.connectPubSub();
        done.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String jobId) {
                fetch(jobId); // on Lettuce's event loop: asynchronous commands only
            }
        });
        done.sync().subscribe(settings.done());
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Connects to the settings' Redis, makes the stream and group if need be, and listens for results. */
    static StreamQueue connect(StreamSettings settings, int maxWaiting, Duration timeout) {
        return new StreamQueue(settings, maxWaiting, timeout);
    }

    // tag::xadd[]
    @Override
    public CompletableFuture<JobResult> submit(Job job) {
        if (waiting.size() >= maxWaiting) {
            count("rejected");
            return CompletableFuture.failedFuture(new JobErrors.Rejected("job rejected: " + waiting.size()
                    + " jobs of this instance wait for their results (JOB_QUEUE=" + maxWaiting + "); retry later"));
        }
        Waiting pending = null;
        try {
            String body = Json.mapper().writeValueAsString(job);
            long id = redis.incr(settings.ids());
            pending = new Waiting(id, System.nanoTime(), new CompletableFuture<>());
            waiting.put(id, pending); // before XADD: the result may come back at once
            redis.xadd(settings.stream(), Map.of("jobId", Long.toString(id), "job", body));
        } catch (RedisException | JsonProcessingException e) {
            if (pending != null) {
                waiting.remove(pending.id());
            }
            count("failed");
            return CompletableFuture.failedFuture(new JobErrors.Failed("job not queued: Redis at " + settings.url()
                    + " failed: " + e.getMessage()));
        }
        count("submitted");
        return pending.future();
    }
    // end::xadd[]

    /** Reads job {@code jobId}'s result, if it is one of ours, and completes it. */
    private void fetch(String jobId) {
        Waiting pending;
        try {
            pending = waiting.get(Long.parseLong(jobId));
        } catch (NumberFormatException e) {
            return;
        }
        if (pending != null) {
            async.hget(settings.results(), jobId).thenAccept(result -> complete(pending, result));
        }
    }

    /** Completes {@code pending} with {@code recorded} (JSON), once: whoever removes it from the map. */
    private void complete(Waiting pending, String recorded) {
        if (recorded == null || !waiting.remove(pending.id(), pending)) {
            return;
        }
        long millis = (System.nanoTime() - pending.submittedNanos()) / 1_000_000;
        JsonNode result;
        try {
            result = Json.mapper().readTree(recorded);
        } catch (JsonProcessingException e) {
            count("failed");
            pending.future().completeExceptionally(new JobErrors.Failed("job " + pending.id() + ": unreadable result " + recorded));
            return;
        }
        if (result.hasNonNull("hash")) {
            count("completed");
            pending.future().complete(new JobResult(pending.id(), result.path("hash").asText(), result.path("worker").asInt(),
                    result.path("attempt").asInt(1), millis));
        } else {
            count("failed");
            pending.future().completeExceptionally(new JobErrors.Failed(result.path("error").asText("job " + pending.id()
                    + " failed") + " (consumer " + result.path("consumer").asText() + ")"));
        }
    }

    /** Times out what waited too long; looks up the results of jobs whose message may have been missed. */
    private void sweep() {
        long now = System.nanoTime();
        for (Waiting pending : waiting.values()) {
            long age = now - pending.submittedNanos();
            if (age > timeout.toNanos()) {
                if (waiting.remove(pending.id(), pending)) {
                    count("timedOut");
                    pending.future().completeExceptionally(new JobErrors.TimedOut("job " + pending.id() + " timed out after "
                            + timeout.toMillis() + " ms without a result; it stays in stream " + settings.stream()
                            + " and may still run"));
                }
            } else if (age > TimeUnit.SECONDS.toNanos(1)) {
                fetch(Long.toString(pending.id()));
            }
        }
    }

    private void count(String name) {
        counters.get(name).incrementAndGet();
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        counters.forEach((name, value) -> stats.put(name, value.get()));
        stats.put("waiting", waiting.size());
        stats.put("instance", settings.instance());
        try { // the whole queue's, every instance's
            stats.put("streamLength", redis.xlen(settings.stream()));
            stats.put("pending", redis.xpending(settings.stream(), settings.group()).getCount());
            stats.put("recorded", number(redis.get(settings.recorded())));
            stats.put("reclaimed", number(redis.get(settings.reclaimed())));
        } catch (RedisException e) {
            stats.put("redis", "unavailable: " + e.getMessage());
        }
        return stats;
    }

    private static long number(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        done.close();
        connection.close();
        client.shutdown();
    }
}
