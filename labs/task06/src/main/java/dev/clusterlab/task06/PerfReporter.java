package dev.clusterlab.task06;

import dev.clusterlab.cluster.Cluster;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import jdk.jfr.consumer.RecordingStream;

/**
 * In each worker: streams its own JFR events (CPU load each second, every GC pause) and sends the
 * primary a {@link PerfReport} each second, as pm2's agent reports each process to {@code pm2 monit}.
 */
final class PerfReporter {
    static final Duration PERIOD = Duration.ofSeconds(1);

    private PerfReporter() {
    }

    // tag::stream[]
    /** Starts streaming and reporting; runs until the worker exits. */
    static void start(LoopLag lag) {
        AtomicLong cpuPermille = new AtomicLong();
        DoubleAdder pauseMs = new DoubleAdder();
        RecordingStream jfr = new RecordingStream();
        jfr.enable("jdk.CPULoad").withPeriod(PERIOD);
        jfr.enable("jdk.GarbageCollection");
        jfr.onEvent("jdk.CPULoad", e -> cpuPermille.set(Math.round(1000 * (e.getFloat("jvmUser") + e.getFloat("jvmSystem")))));
        jfr.onEvent("jdk.GarbageCollection", e -> pauseMs.add(e.getDuration("sumOfPauses").toNanos() / 1e6));
        jfr.startAsync();
        long pid = ProcessHandle.current().pid();
        Thread.ofPlatform().daemon().name("perf-reporter").start(() -> {
            while (Cluster.worker().isConnected()) {
                sleep(PERIOD);
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                LoopLag.Snapshot loop = lag.sinceLastReport();
                Cluster.worker().send(new PerfReport(PerfReport.TYPE, pid, cpuPermille.get() / 1000.0,
                        ProcMemory.rssBytes(pid).orElse(0), heap.getUsed(), heap.getMax(), pauseMs.sumThenReset(),
                        loop.p99Ms(), loop.maxMs()));
            }
            jfr.close();
        });
    }
    // end::stream[]

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
