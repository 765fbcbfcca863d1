package dev.clusterlab.task09;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.Worker;
import java.time.Duration;

/**
 * The primary's side of logging: every line of every worker's stdout and stderr, whole, into the
 * {@link MergedLog} and, when a store is set, to the {@link LogShipper}. The runtime reads each
 * worker's pipes on threads of its own and hands over whole lines, including those a worker wrote
 * just before it was killed: the pipe keeps them after the process is gone.
 */
final class LogCollector {
    private final MergedLog file;
    private final LogShipper shipper;

    private LogCollector(MergedLog file, LogShipper shipper) {
        this.file = file;
        this.shipper = shipper;
    }

    /** Opens the merged file and the shipper, and collects from every worker forked from now on. */
    static LogCollector start(LogSettings settings) {
        LogCollector collector = new LogCollector(MergedLog.open(settings.dir(), settings.maxFileSize()),
                settings.store() == null ? null : new LogShipper(settings.store(), settings.index()));
        Cluster.onFork(collector::collect);
        return collector;
    }

    // tag::collect[]
    /** Collects {@code worker}'s lines; called on fork, before the worker's first line is read. */
    void collect(Worker worker) {
        long pid = worker.process().pid();
        worker.onOutput((w, stderr, line) -> {
            throw new UnsupportedOperationException("TODO(task09): normalize the line (LogLine), write it to the merged file, offer it to the shipper when there is one; a line that was not JSON (a crash, a JVM warning) also goes to the primary's stderr as \"[worker <id>] <line>\", so a person watching the primary sees it");
        });
    }
    // end::collect[]

    /** Ships what is queued (for at most {@code deadline}) and closes the file. */
    void close(Duration deadline) {
        if (shipper != null) {
            shipper.close(deadline);
        }
        file.close();
    }
}
