package dev.clusterlab.testkit;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Looks at the processes under a pid: what a cluster's primary has forked, and whether they are gone.
 * Everything goes through {@link ProcessHandle}, so it works the same on Linux and macOS.
 */
public final class ProcessTree {

    private static final Duration POLL = Duration.ofMillis(50);

    private ProcessTree() {
    }

    /** The running direct children of {@code pid}, by pid; empty when the process is gone. */
    public static List<ProcInfo> children(long pid) {
        return snapshot(ProcessHandle.of(pid).stream().flatMap(ProcessHandle::children));
    }

    /** All running processes under {@code pid} (children, grandchildren, ...), by pid. */
    public static List<ProcInfo> descendants(long pid) {
        return snapshot(ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants));
    }

    /** The direct children of {@code pid} that are JVMs: a primary's workers. */
    public static List<ProcInfo> javaChildren(long pid) {
        return children(pid).stream().filter(ProcInfo::isJava).toList();
    }

    /** A snapshot of {@code pid}, or empty when it is gone. */
    public static Optional<ProcInfo> info(long pid) {
        return ProcessHandle.of(pid).filter(Liveness::running).map(ProcInfo::of);
    }

    /** Whether a process with this pid is running (one that exited but is not reaped yet counts as gone). */
    public static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(Liveness::running).orElse(false);
    }

    /**
     * Waits until every pid in {@code pids} is gone (exited, reaped or not), at most {@code timeout}.
     *
     * @return the pids still alive at the end: empty means all are gone
     */
    public static Set<Long> awaitGone(Collection<Long> pids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Long> alive = alive(pids);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            alive = alive(alive);
        }
        return alive;
    }

    /** Pids of a list of snapshots, for {@link #awaitGone}. */
    public static Set<Long> pids(Collection<ProcInfo> processes) {
        Set<Long> pids = new LinkedHashSet<>();
        processes.forEach(p -> pids.add(p.pid()));
        return pids;
    }

    private static Set<Long> alive(Collection<Long> pids) {
        Set<Long> alive = new LinkedHashSet<>();
        for (long pid : pids) {
            if (isAlive(pid)) {
                alive.add(pid);
            }
        }
        return alive;
    }

    private static List<ProcInfo> snapshot(Stream<ProcessHandle> handles) {
        return handles.filter(Liveness::running).map(ProcInfo::of).sorted(Comparator.comparingLong(ProcInfo::pid)).toList();
    }
}
