package dev.clusterlab.task04;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The primary's watch over workers that are alive but stuck. A dead worker is easy to see (its
 * {@code exit} event); a hung one is not: its process runs, its IPC channel is open, and under
 * round-robin the primary even goes on passing it connections. Only the work it stopped doing
 * shows, so each worker sends a {@link Heartbeat} from its loop, and a worker silent for longer
 * than {@code hungAfter} is killed with SIGKILL and replaced by a new fork.
 *
 * <p>Heartbeats arrive on the cluster's event thread; the sweep runs on a timer thread of its own,
 * so the last-heard times are in a concurrent map.
 */
public final class HeartbeatMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatMonitor.class);

    private final Duration hungAfter;
    /** When each watched worker was last heard from ({@link System#nanoTime()}), by worker id. */
    private final Map<Integer, Long> lastHeard = new ConcurrentHashMap<>();

    private HeartbeatMonitor(Duration hungAfter) {
        this.hungAfter = hungAfter;
    }

    /**
     * Watches every worker from the moment it is online, and sweeps every {@code sweepEvery} for
     * workers silent for longer than {@code hungAfter}.
     */
    public static HeartbeatMonitor start(Duration sweepEvery, Duration hungAfter) {
        HeartbeatMonitor monitor = new HeartbeatMonitor(hungAfter);
        Cluster.onOnline(monitor::watch);
        Cluster.onMessage(monitor::heard);
        Cluster.onExit((worker, status) -> monitor.lastHeard.remove(worker.id()));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "heartbeat-monitor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(monitor::sweepSafely, sweepEvery.toNanos(), sweepEvery.toNanos(),
                TimeUnit.NANOSECONDS);
        return monitor;
    }

    /** A worker that just came online counts as heard from: its first beat is on its way. */
    void watch(Worker worker) {
        lastHeard.put(worker.id(), System.nanoTime());
    }

    /** Each message from a worker: a {@link Heartbeat} renews its last-heard time; others are not ours. */
    void heard(Worker worker, JsonNode message) {
        // BEGIN SOLUTION when message is a Heartbeat (Heartbeat.from), record System.nanoTime() as the worker's last-heard time in lastHeard
        // tag::heard[]
        Heartbeat.from(message).ifPresent(beat -> lastHeard.put(worker.id(), System.nanoTime()));
        // end::heard[]
        // END SOLUTION
        // STUB: // TODO(task04): record when this worker's Heartbeat arrived
    }

    /**
     * Replaces every worker silent for longer than {@code hungAfter}: prints
     * {@code monitor: worker 2 (pid 4242) missed heartbeats for 2031 ms; replacing it}, kills it with
     * SIGKILL (a hung worker would not finish a graceful disconnect), forks a new worker, and stops
     * watching the old one.
     */
    void sweep() {
        // BEGIN SOLUTION for each worker in lastHeard silent for longer than hungAfter: stop watching it, print the monitor line, kill it with SIGKILL and Cluster.fork() a replacement
        // tag::sweep[]
        long now = System.nanoTime();
        Map<Integer, Worker> workers = Cluster.workers();
        lastHeard.forEach((id, heard) -> {
            long silentMs = TimeUnit.NANOSECONDS.toMillis(now - heard);
            Worker worker = workers.get(id);
            if (silentMs <= hungAfter.toMillis() || worker == null || !lastHeard.remove(id, heard)) {
                return; // alive, already gone, or beat just now
            }
            LOG.warn("monitor: worker {} (pid {}) missed heartbeats for {} ms; replacing it", id,
                    worker.process().pid(), silentMs);
            worker.kill("SIGKILL");
            Worker replacement = Cluster.fork();
            LOG.info("monitor: forked worker {} (pid {}) to replace worker {}", replacement.id(),
                    replacement.process().pid(), id);
        });
        // end::sweep[]
        // END SOLUTION
        // STUB: // TODO(task04): kill (SIGKILL) and replace (Cluster.fork) each worker silent for longer than hungAfter
    }

    /** One failed sweep must not end the monitor (a scheduled task that throws is never run again). */
    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.error("monitor: a sweep failed", e);
        }
    }
}
