package dev.clusterlab.load.jmh.task01;

import dev.clusterlab.workloads.Primes;
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

import java.util.concurrent.TimeUnit;

/**
 * Task 1's workload on its own, without HTTP: {@link Primes#countBelow(int)} (support/workloads), the
 * work behind {@code GET /work?n=}.
 *
 * <ul>
 *   <li>{@link #oneThread()}: how long one call takes for each {@code n}; this is how long a single
 *       event loop is blocked by one {@code /work} request.</li>
 *   <li>{@link #twoThreads()}: the same call on two threads at once. While the machine has two free
 *       cores, the time per call stays that of one thread, so two threads do twice the work: the gain a
 *       cluster of two workers can get. With one core it doubles instead.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar load-tests/target/benchmarks.jar WorkloadBenchmark} (add
 * {@code -f 1 -wi 1 -i 2 -w 1s -r 1s} for a quick look, {@code -p n=1000000} for one size).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WorkloadBenchmark {

    /** The {@code n} of {@code GET /work?n=}; {@link Primes#DEFAULT_N} is 1 000 000. */
    @Param({"100000", "1000000"})
    public int n;

    /** One call at a time: the time one {@code /work?n=} request holds a thread. */
    @Benchmark
    @Threads(1)
    public int oneThread() {
        return Primes.countBelow(n);
    }

    /** Two threads calling at once: flat time per call means the second core did as much work. */
    @Benchmark
    @Threads(2)
    public int twoThreads() {
        return Primes.countBelow(n);
    }
}
