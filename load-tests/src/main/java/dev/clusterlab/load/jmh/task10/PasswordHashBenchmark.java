package dev.clusterlab.load.jmh.task10;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ceiling of task 10's CPU-bound jobs: one PBKDF2-HMAC-SHA256 hash (the JDK's, 32 bytes) at each
 * cost, warm, without HTTP or IPC. {@code oneThread} is the time one job holds one core, so 1000 /
 * ms is one core's jobs per second; {@code twoThreads} shows whether two run side by side at that
 * speed (two free cores) or take turns. What the JobPool measures in chapter 10 (jobs/s over HTTP and
 * IPC, workers warming up) is to be read against these numbers. The hash is restated from the JDK
 * rather than taken from the solution: the load tests depend on no task.
 *
 * <p>Run: {@code ./workbook bench 10} ({@code JMH_ARGS="-p iterations=100000"} for one cost).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PasswordHashBenchmark {
    @Param({"10000", "100000"})
    public int iterations;

    @Benchmark
    public byte[] oneThread() throws GeneralSecurityException {
        return hash(iterations);
    }

    @Benchmark
    @Threads(2)
    public byte[] twoThreads() throws GeneralSecurityException {
        return hash(iterations);
    }

    static byte[] hash(int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec("correct horse".toCharArray(), "battery staple".getBytes(StandardCharsets.UTF_8),
                iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }
}
