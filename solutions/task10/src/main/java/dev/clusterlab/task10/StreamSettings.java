package dev.clusterlab.task10;

import dev.clusterlab.config.Env;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * Where the shared job queue lives ({@code JOB_MODE=stream}): one Redis Stream, one consumer group,
 * and the keys beside it, all named after the stream. Read from the environment: {@code REDIS_URL}
 * ({@code redis://127.0.0.1:6379}), {@code JOB_STREAM} ({@code jobs}), {@code STREAM_GROUP}
 * ({@code workers}), {@code STREAM_CLAIM_MS} (10000: how long an entry may stay unacknowledged
 * before another consumer takes it over), {@code INSTANCE} (this instance's name in consumer names;
 * the host name and the primary's pid by default).
 *
 * @param url        the Redis to connect to
 * @param stream     the stream's key, where producers {@code XADD} jobs
 * @param group      the consumer group every worker of every instance reads in
 * @param claimIdle  how long a pending entry must be idle before {@code XAUTOCLAIM} takes it
 * @param instance   this instance's name
 */
record StreamSettings(String url, String stream, String group, Duration claimIdle, String instance) {
    /** How many consumers may be given one job before it is failed (a job that kills its worker). */
    static final int MAX_ATTEMPTS = 3;

    /** The settings from the environment; {@code primaryPid} names the instance when {@code INSTANCE} is not set. */
    static StreamSettings fromEnv(long primaryPid) {
        return new StreamSettings(Env.text("REDIS_URL", "redis://127.0.0.1:6379"), Env.text("JOB_STREAM", "jobs"),
                Env.text("STREAM_GROUP", "workers"), Env.millis("STREAM_CLAIM_MS", 10_000),
                Env.text("INSTANCE", hostName() + "-" + primaryPid));
    }

    /** The hash of recorded results: job id to its result, written once ({@code HSETNX}). */
    String results() {
        return stream + ":results";
    }

    /** The counter of entries taken over from consumers that stopped acknowledging. */
    String reclaimed() {
        return stream + ":reclaimed";
    }

    /** The counter of results recorded (incremented only by the record that set the result). */
    String recorded() {
        return stream + ":recorded";
    }

    /** The counter that gives every job its id, unique across instances. */
    String ids() {
        return stream + ":ids";
    }

    /** The hash of how many times each job was taken over (job id to count). */
    String claims() {
        return stream + ":claims";
    }

    /** The channel a consumer publishes a job's id on once its result is recorded. */
    String done() {
        return stream + ":done";
    }

    /** A client for {@link #url}: reconnects by itself, and fails commands at once while disconnected. */
    RedisClient client() {
        RedisClient client = RedisClient.create(RedisURI.create(url));
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        return client;
    }

    /** Connects {@code client}; fails with a message naming the URL when Redis does not answer. */
    StatefulRedisConnection<String, String> connect(RedisClient client) {
        try {
            return client.connect();
        } catch (RedisException e) {
            throw new IllegalStateException("cannot reach Redis at " + url + " (" + e.getMessage()
                    + "): start redis-server, or set REDIS_URL", e);
        }
    }

    /** Creates the stream and its group unless they exist; the group starts at the stream's beginning. */
    void ensureGroup(RedisCommands<String, String> redis) {
        try {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException e) {
            // BUSYGROUP: another instance or worker made it first
        }
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host.trim();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "host";
        }
    }
}
