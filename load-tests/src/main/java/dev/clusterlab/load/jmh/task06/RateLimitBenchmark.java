package dev.clusterlab.load.jmh.task06;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one rate-limit decision costs against a real Redis on 127.0.0.1, the ways task 6 compares:
 * <ul>
 *   <li>{@link #luaScript()}: task 6's way, {@code EVALSHA} of INCR + PEXPIRE + PTTL, one round
 *       trip and atomic;</li>
 *   <li>{@link #twoCommands()}: INCR then PEXPIRE as two commands: two round trips, and a crash
 *       between them leaves a key that never expires;</li>
 *   <li>{@link #sortedSetWindow()}: a sliding window (ZREMRANGEBYSCORE, ZADD, ZCARD, PEXPIRE in one
 *       MULTI), exact at the window's edge and dearer.</li>
 * </ul>
 * It starts its own {@code redis-server} (no persistence) on a free port and stops it afterwards.
 * Run: {@code ./workbook bench 6}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RateLimitBenchmark {
    /** The same script as task 6's RedisState.LIMIT_SCRIPT. */
    static final String LIMIT_SCRIPT = """
            local used = redis.call('INCR', KEYS[1])
            if used == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return {used, redis.call('PTTL', KEYS[1])}
            """;

    private Process redis;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> commands;
    private String sha;
    private long member;

    @Setup(Level.Trial)
    public void start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("clusterlab-bench-redis");
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            client = RedisClient.create("redis://127.0.0.1:" + port);
            for (int i = 0; connection == null; i++) {
                try {
                    connection = client.connect();
                } catch (RuntimeException e) {
                    if (i > 50 || !redis.isAlive()) {
                        throw new IOException("redis-server did not start (is it installed? apt-get install -y redis-server)", e);
                    }
                    Thread.sleep(100);
                }
            }
            commands = connection.sync();
            sha = commands.scriptLoad(LIMIT_SCRIPT);
        } catch (Exception | LinkageError e) {
            redis.destroyForcibly(); // JMH skips the tear-down of a trial whose setup failed
            throw e;
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        connection.close();
        client.shutdown();
        redis.destroy();
        redis.waitFor(5, TimeUnit.SECONDS);
    }

    @Benchmark
    public List<Long> luaScript() {
        return commands.evalsha(sha, ScriptOutputType.MULTI, new String[] {"limit:lua"}, "60000");
    }

    @Benchmark
    public Boolean twoCommands() {
        long used = commands.incr("limit:two");
        return used == 1 ? commands.pexpire("limit:two", 60000) : Boolean.FALSE;
    }

    @Benchmark
    public Object sortedSetWindow() {
        long now = System.currentTimeMillis();
        commands.multi();
        commands.zremrangebyscore("limit:zset", io.lettuce.core.Range.create(0, now - 60000));
        commands.zadd("limit:zset", now, Long.toString(member++));
        commands.zcard("limit:zset");
        commands.pexpire("limit:zset", 60000);
        return commands.exec();
    }
}
