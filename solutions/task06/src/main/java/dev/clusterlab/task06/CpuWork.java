package dev.clusterlab.task06;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU-bound work of a given length in CPU time, not wall time: a request costs the same CPU however
 * busy the machine is, which is what makes a sizing curve comparable across worker counts.
 */
final class CpuWork {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuWork() {
    }

    /** Spins for {@code millis} of this thread's CPU time; a value derived from the work, so it cannot be skipped. */
    static long spin(int millis) {
        long end = THREADS.getCurrentThreadCpuTime() + millis * 1_000_000L;
        long x = 0x9E3779B97F4A7C15L;
        do {
            for (int i = 0; i < 10_000; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
        } while (THREADS.getCurrentThreadCpuTime() < end);
        return x;
    }
}
