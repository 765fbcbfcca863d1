package dev.clusterlab.task06;

import dev.clusterlab.http.Response;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where slow work goes so that the event loop stays free, both bounded: CPU work on a pool of as
 * many threads as cores (more would only take turns), blocking calls on virtual threads, at most
 * {@code blockingLimit} at once. Past either bound the answer is a 503 with Retry-After at once: an
 * unbounded queue only turns overload into timeouts and memory.
 */
final class Offload implements AutoCloseable {
    private final ThreadPoolExecutor cpu;
    private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore blocking;

    // tag::pools[]
    Offload(int cpuThreads, int cpuQueue, int blockingLimit) {
        this.cpu = new ThreadPoolExecutor(cpuThreads, cpuThreads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, cpuQueue)), Thread.ofPlatform().name("cpu-", 0).daemon().factory(),
                new ThreadPoolExecutor.AbortPolicy()); // full: throw, and the caller answers 503
        this.blocking = new Semaphore(blockingLimit);
    }
    // end::pools[]

    // tag::cpu[]
    /** {@code work} on the CPU pool; a 503 now if its queue is full. */
    Response cpu(Callable<Response> work) {
        try {
            return Response.later(CompletableFuture.supplyAsync(() -> call(work), cpu));
        } catch (RejectedExecutionException full) {
            return busy("the CPU pool is busy (" + cpu.getMaximumPoolSize() + " threads, " + cpu.getQueue().size() + " queued)");
        }
    }
    // end::cpu[]

    /** {@code work} on a virtual thread; a 503 now if {@code blockingLimit} calls already run. */
    Response blocking(Callable<Response> work) {
        if (!blocking.tryAcquire()) {
            return busy("too many blocking calls in flight");
        }
        try {
            return Response.later(CompletableFuture.supplyAsync(() -> {
                try {
                    return call(work);
                } finally {
                    blocking.release();
                }
            }, virtualThreads));
        } catch (RejectedExecutionException closed) {
            blocking.release();
            return busy("shutting down");
        }
    }

    private static Response busy(String why) {
        return Response.error(503, why).withHeader("Retry-After", "1");
    }

    private static Response call(Callable<Response> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    @Override
    public void close() {
        cpu.shutdownNow();
        virtualThreads.shutdownNow();
    }
}
