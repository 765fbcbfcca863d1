package dev.clusterlab.task10;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baselines the chapter measures the {@link JobPool} against, in this one process: a thread
 * pool with one thread per core and the same bounded queue ({@code JOB_MODE=threads}), or the
 * calling thread itself ({@code JOB_MODE=loop}, with the HTTP server on its event loop: Node's
 * single process, where a job stalls every other request).
 */
final class InProcessRunner implements JobRunner {
    private final ThreadPoolExecutor pool;
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    private InProcessRunner(ThreadPoolExecutor pool) {
        this.pool = pool;
    }

    /** Jobs on {@code threads} threads, at most {@code queueCapacity} waiting. */
    static InProcessRunner threads(int threads, int queueCapacity) {
        return new InProcessRunner(new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queueCapacity))));
    }

    /** Jobs on the thread that submits them. */
    static InProcessRunner callingThread() {
        return new InProcessRunner(null);
    }

    @Override
    public CompletableFuture<JobResult> submit(Job job) {
        long id = nextId.getAndIncrement();
        long start = System.nanoTime();
        if (pool == null) {
            return CompletableFuture.completedFuture(run(id, job, start));
        }
        try {
            return CompletableFuture.supplyAsync(() -> run(id, job, start), pool);
        } catch (RejectedExecutionException e) {
            rejected.incrementAndGet();
            return CompletableFuture.failedFuture(new JobErrors.Rejected("job " + id + " rejected: the thread pool's queue is full"));
        }
    }

    private JobResult run(long id, Job job, long start) {
        try {
            String hash = job.run();
            completed.incrementAndGet();
            return new JobResult(id, hash, 0, 1, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobErrors.Failed("job " + id + " was interrupted");
        }
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("submitted", nextId.get() - 1);
        stats.put("completed", completed.get());
        stats.put("rejected", rejected.get());
        return stats;
    }
}
