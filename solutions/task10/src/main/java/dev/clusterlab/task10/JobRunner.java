package dev.clusterlab.task10;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where {@code POST /jobs} sends a job: the cluster's {@link JobPool}, or, to compare, a thread pool
 * or the event loop of this one process ({@code JOB_MODE}).
 */
interface JobRunner {
    /**
     * Runs {@code job} somewhere. The future fails with {@link JobErrors.Rejected} when there is no
     * room, {@link JobErrors.TimedOut} after the job's time is up, or {@link JobErrors.Failed}.
     */
    CompletableFuture<JobResult> submit(Job job);

    /** Counters for {@code GET /jobs/stats}. */
    Map<String, Object> stats();
}
