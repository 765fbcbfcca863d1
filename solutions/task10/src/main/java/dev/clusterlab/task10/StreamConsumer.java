package dev.clusterlab.task10;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.clusterlab.json.Json;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's side of the shared queue ({@code JOB_MODE=stream}): one consumer of the stream's group,
 * on a thread and a Redis connection of its own. Its loop reads one new entry at a time
 * ({@code XREADGROUP}), runs the job, records the result once ({@code HSETNX}, counted in the same
 * Lua script), tells the producers
 * ({@code PUBLISH}) and only then acknowledges the entry ({@code XACK}). Every half of {@code
 * STREAM_CLAIM_MS} it first takes over ({@code XAUTOCLAIM}) the entries that some consumer read and
 * left unacknowledged for longer than that, most likely because it died, and handles them the same
 * way.
 *
 * <p>Delivery is at least once: a job whose consumer dies after recording its result and before
 * acknowledging it runs again elsewhere. The recorded result is exactly once, since only the first
 * {@code HSETNX} for a job id sets it. A job that kills every worker that runs it is recorded as
 * failed after {@link JobPool#MAX_ATTEMPTS} attempts, not handed on forever.
 */
final class StreamConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);
    /** How many entries one XAUTOCLAIM takes at most. */
    static final int CLAIM_COUNT = 10;
    // tag::record-script[]
    /**
     * Records a job's result unless it has one, and counts it only then, in one atomic step: a
     * consumer killed between two separate commands would leave a result that was never counted.
     * KEYS: the results hash, the counter; ARGV: the job id, the result. Answers 1 when it recorded.
     */
    static final String RECORD_SCRIPT = """
            if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
              redis.call('INCR', KEYS[2])
              return 1
            end
            return 0
            """;
    // end::record-script[]

    private final StreamSettings settings;
    private final String name;
    private final int workerId;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final Consumer<String> consumer;
    /** How long one XREADGROUP waits for a new entry: short, so that reclaiming is not held up. */
    private final long blockMillis;
    private final long claimEveryNanos;
    private long nextClaimNanos;

    private StreamConsumer(StreamSettings settings, int workerId) {
        this.settings = settings;
        this.workerId = workerId;
        this.name = settings.instance() + "-" + workerId + "-" + ProcessHandle.current().pid();
        this.client = settings.client();
        this.connection = settings.connect(client);
        this.redis = connection.sync();
        this.consumer = Consumer.from(settings.group(), name);
        this.blockMillis = Math.max(10, Math.min(1000, settings.claimIdle().toMillis() / 2));
        this.claimEveryNanos = settings.claimIdle().toNanos() / 2;
        settings.ensureGroup(redis);
    }

    /** Connects worker {@code workerId}'s consumer and starts its loop on a daemon thread. */
    static StreamConsumer start(StreamSettings settings, int workerId) {
        StreamConsumer streamConsumer = new StreamConsumer(settings, workerId);
        Thread thread = new Thread(streamConsumer::loop, "stream-consumer");
        thread.setDaemon(true);
        thread.start();
        LOG.info("stream consumer {} reads {} in group {} (reclaims after {} ms)", streamConsumer.name,
                settings.stream(), settings.group(), settings.claimIdle().toMillis());
        return streamConsumer;
    }

    /** This consumer's name in the group: instance, worker id and pid, unique across instances. */
    String name() {
        return name;
    }

    /** Steps until the thread is interrupted; Redis failures are retried, a bug stops the loop loudly. */
    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    step();
                } catch (RedisException e) {
                    LOG.warn("stream consumer {}: Redis failed ({}); again in 500 ms", name, e.getMessage());
                    Thread.sleep(500);
                    if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                        settings.ensureGroup(redis); // a restarted Redis without persistence forgot the group
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("stream consumer {} stopped, its entries wait to be reclaimed by another: {}", name, e.toString(), e);
        } finally {
            connection.close();
            client.shutdown();
        }
    }

    /** One round: now and then take over what stopped consumers left, then read and handle the next new entry. */
    // tag::step[]
    @SuppressWarnings("unchecked") // xreadgroup's varargs of StreamOffset<String>
    void step() throws InterruptedException {
        if (System.nanoTime() - nextClaimNanos >= 0) {
            reclaim();
            nextClaimNanos = System.nanoTime() + claimEveryNanos;
        }
        // BEGIN SOLUTION read the next new entry for this consumer: redis.xreadgroup(consumer, XReadArgs.Builder.block(blockMillis).count(1), XReadArgs.StreamOffset.lastConsumed(settings.stream())) (the offset ">": entries no consumer of the group was given), then handle(entry, false) each
        List<StreamMessage<String, String>> entries = redis.xreadgroup(consumer,
                XReadArgs.Builder.block(blockMillis).count(1), XReadArgs.StreamOffset.lastConsumed(settings.stream()));
        for (StreamMessage<String, String> entry : entries) {
            handle(entry, false);
        }
        // END SOLUTION
    }
    // end::step[]

    /**
     * Takes over the entries other consumers left unacknowledged for longer than {@code claimIdle},
     * counts them, and handles each.
     *
     * @return how many it took
     */
    // tag::reclaim[]
    int reclaim() throws InterruptedException {
        // BEGIN SOLUTION XAUTOCLAIM for this consumer the entries idle longer than settings.claimIdle(), CLAIM_COUNT at a time (XAutoClaimArgs.Builder.xautoclaim(consumer, settings.claimIdle(), cursor).count(CLAIM_COUNT)), starting at cursor "0-0" and going on from the cursor each answer gives (getId()) until it is "0-0" again; INCRBY settings.reclaimed() by how many each took, handle(entry, true) each, and return how many in all
        int taken = 0;
        String cursor = "0-0";
        do {
            ClaimedMessages<String, String> claimed = redis.xautoclaim(settings.stream(),
                    XAutoClaimArgs.Builder.xautoclaim(consumer, settings.claimIdle(), cursor).count(CLAIM_COUNT));
            cursor = claimed.getId();
            List<StreamMessage<String, String>> entries = claimed.getMessages();
            if (!entries.isEmpty()) {
                redis.incrby(settings.reclaimed(), entries.size());
                taken += entries.size();
                LOG.info("stream consumer {} reclaimed {} entries: {}", name, entries.size(),
                        entries.stream().map(StreamMessage::getId).toList());
            }
            for (StreamMessage<String, String> entry : entries) {
                handle(entry, true);
            }
        } while (!"0-0".equals(cursor));
        return taken;
        // END SOLUTION
    }
    // end::reclaim[]

    /** Runs the job of {@code entry} (or fails it, after too many attempts) and records its result. */
    void handle(StreamMessage<String, String> entry, boolean reclaimed) throws InterruptedException {
        Map<String, String> body = entry.getBody();
        String jobId = body == null ? null : body.get("jobId");
        if (jobId == null) { // not a job (or deleted from the stream): nothing to run, so nothing to leave pending
            LOG.warn("stream consumer {}: entry {} has no jobId, acknowledged and dropped: {}", name, entry.getId(), body);
            redis.xack(settings.stream(), settings.group(), entry.getId());
            return;
        }
        long attempt = reclaimed ? 1 + redis.hincrby(settings.claims(), jobId, 1) : 1;
        Map<String, Object> result = new LinkedHashMap<>();
        if (attempt > JobPool.MAX_ATTEMPTS) {
            result.put("error", "job " + jobId + " failed: the consumers that ran it stopped " + (attempt - 1)
                    + " times (tried " + JobPool.MAX_ATTEMPTS + " times)");
        } else {
            run(body.get("job"), result);
        }
        result.put("consumer", name);
        result.put("worker", workerId);
        result.put("attempt", attempt);
        record(entry, jobId, json(result));
    }

    // tag::record[]
    /** Records {@code result} as job {@code jobId}'s unless it has one, tells the producers, then acknowledges. */
    private void record(StreamMessage<String, String> entry, String jobId, String result) {
        // BEGIN SOLUTION run RECORD_SCRIPT (redis.eval with ScriptOutputType.INTEGER, keys settings.results() and settings.recorded(), values jobId and result): HSETNX, so a job run twice keeps its first result, and INCR only when that set it; then PUBLISH jobId on settings.done(), and XACK the entry in the group last: a consumer that dies before XACK leaves it pending, to be reclaimed
        redis.<Long>eval(RECORD_SCRIPT, ScriptOutputType.INTEGER, new String[] {settings.results(), settings.recorded()},
                jobId, result);
        redis.publish(settings.done(), jobId);
        redis.xack(settings.stream(), settings.group(), entry.getId());
        // END SOLUTION
    }
    // end::record[]

    /** Runs one job (JSON) into {@code result}: its {@code hash}, or an {@code error}. */
    private static void run(String jobJson, Map<String, Object> result) throws InterruptedException {
        try {
            Job job = Json.mapper().readValue(jobJson, Job.class);
            if (job.poison()) {
                Runtime.getRuntime().halt(JobWorker.POISON_EXIT);
            }
            result.put("hash", job.run());
        } catch (JsonProcessingException | RuntimeException e) {
            result.put("error", "job failed: " + e.getMessage());
        }
    }

    private static String json(Map<String, Object> value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }
}
