package dev.clusterlab.task06;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The state of every worker in one Redis: sessions with a TTL, a rate limit counted in one atomic
 * Lua step, counters with INCR. One Lettuce connection per worker, shared by all its requests
 * (Lettuce pipelines them on it), never one per request: workers × instances is then all the
 * connections Redis ever sees, well under its {@code maxclients}.
 *
 * <p>When Redis is down, a command fails at once (commands are rejected while disconnected) or
 * after {@code timeout}: the request gets a fast 503, and the connection comes back by itself.
 */
final class RedisState implements SharedState {
    // tag::limit-script[]
    /** One fixed window per key: count this request, start the window's clock on the first, say how long it lasts. */
    static final String LIMIT_SCRIPT = """
            local used = redis.call('INCR', KEYS[1])
            if used == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return {used, redis.call('PTTL', KEYS[1])}
            """;
    // end::limit-script[]

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final String limitSha;

    private RedisState(RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
        this.redis = connection.async();
        this.limitSha = connection.sync().digest(LIMIT_SCRIPT);
    }

    // tag::connect[]
    /** Connects to {@code url}; fails with a message naming it when Redis does not answer. */
    static RedisState connect(String url, Duration timeout) {
        // BEGIN SOLUTION connect with Lettuce: RedisClient.create(url), one connection per worker, commands rejected while disconnected and timed out after `timeout`
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.constant(Duration.ofMillis(200))) // back soon after Redis is
                .build();
        RedisClient client = RedisClient.create(resources, RedisURI.create(url));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS) // fail fast, never queue
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
        try {
            return new RedisState(client, client.connect());
        } catch (RedisException e) {
            client.shutdown();
            resources.shutdown();
            throw new IllegalStateException("cannot reach Redis at " + url + " (" + e.getMessage()
                    + "): start redis-server, or set REDIS_URL", e);
        }
        // END SOLUTION
    }
    // end::connect[]

    @Override
    public CompletionStage<String> createSession(String user, Duration ttl) {
        // BEGIN SOLUTION SET session:<token> user with a TTL (SetArgs.px), then return the token
        String token = InProcessState.newToken();
        return guarded(() -> redis.set("session:" + token, user, SetArgs.Builder.px(ttl.toMillis())).thenApply(ok -> token));
        // END SOLUTION
    }

    @Override
    public CompletionStage<Optional<String>> sessionUser(String token) {
        // BEGIN SOLUTION GET session:<token>; empty when the key is gone (expired or never made)
        return guarded(() -> redis.get("session:" + token).thenApply(Optional::ofNullable));
        // END SOLUTION
    }

    // tag::allow[]
    @Override
    public CompletionStage<Allowance> allow(String key, int limit, Duration window) {
        // BEGIN SOLUTION count the request and read the window's time left in ONE atomic step: EVALSHA of LIMIT_SCRIPT (EVAL if Redis lost it)
        String[] keys = {"limit:" + key};
        String windowMillis = Long.toString(window.toMillis());
        return guarded(() -> redis.<List<Long>>evalsha(limitSha, ScriptOutputType.MULTI, keys, windowMillis)
                .exceptionallyCompose(e -> unwrap(e) instanceof RedisNoScriptException // a restarted Redis forgets scripts
                        ? redis.<List<Long>>eval(LIMIT_SCRIPT, ScriptOutputType.MULTI, keys, windowMillis)
                        : CompletableFuture.failedStage(e))
                .thenApply(reply -> {
                    long used = reply.get(0);
                    Duration retry = Duration.ofMillis(Math.max(0, reply.get(1)));
                    return new Allowance(used <= limit, Math.max(0, limit - used), retry);
                }));
        // END SOLUTION
    }
    // end::allow[]

    @Override
    public CompletionStage<Long> increment(String name) {
        // BEGIN SOLUTION INCR counter:<name>: atomic in Redis, whichever worker sends it
        return guarded(() -> redis.incr("counter:" + name));
        // END SOLUTION
    }

    @Override
    public CompletionStage<Long> count(String name) {
        // BEGIN SOLUTION GET counter:<name> (null when never incremented)
        return guarded(() -> redis.get("counter:" + name).thenApply(v -> v == null ? 0L : Long.parseLong(v)));
        // END SOLUTION
    }

    /** {@code command}'s stage, with Redis failures (also thrown while sending) as {@link StateUnavailableException}. */
    private static <T> CompletionStage<T> guarded(Supplier<CompletionStage<T>> command) {
        CompletionStage<T> stage;
        try {
            stage = command.get();
        } catch (RedisException e) {
            stage = CompletableFuture.failedStage(e);
        }
        return stage.exceptionallyCompose(e -> CompletableFuture.failedStage(unwrap(e) instanceof RedisException redisDown
                ? new StateUnavailableException("Redis: " + redisDown.getMessage(), redisDown) : e));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
        client.getResources().shutdown();
    }
}
