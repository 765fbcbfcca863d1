package dev.clusterlab.task10;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.Worker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A pool of worker processes for CPU-bound jobs, on the primary, over the cluster's IPC: a job goes
 * to the worker with the fewest jobs in flight, each worker runs {@code slotsPerWorker} at a time
 * (one per core it has), the rest wait in a bounded queue, and a full queue rejects.
 *
 * <p>Every job has an id and completes exactly once: with the result a worker sends back, with
 * {@link JobErrors.TimedOut} when it runs longer than the timeout (its worker is killed, which stops
 * a runaway job, as a thread could not be), or with {@link JobErrors.Failed} when two workers died
 * running it. A job whose worker dies is retried once, on another worker. A result that comes too
 * late (after a timeout) is ignored.
 *
 * <p>All state is guarded by this object's lock: {@code submit} is called by request threads,
 * messages and exits arrive on the cluster's event thread, timeouts on the pool's timer.
 *
 * <p>Messages: to a worker {@code {"type":"job","jobId":7,"job":{...}}}; back {@code
 * {"type":"result","jobId":7,"hash":"..."}} or {@code {"type":"error","jobId":7,"error":"..."}}.
 */
final class JobPool implements JobRunner {
    /** How many workers may be given one job: the first, and one retry. */
    static final int MAX_ATTEMPTS = 2;

    /** A job the pool has taken and not yet completed. */
    private static final class Pending {
        final long id;
        final Job job;
        final long submittedNanos = System.nanoTime();
        final CompletableFuture<JobResult> future = new CompletableFuture<>();
        final List<Integer> triedWorkers = new ArrayList<>();
        ScheduledFuture<?> timeout;

        Pending(long id, Job job) {
            this.id = id;
            this.job = job;
        }
    }

    /** The job message a worker gets. */
    record JobMessage(String type, long jobId, Job job) {
    }

    private final int slotsPerWorker;
    private final int queueCapacity;
    private final Duration timeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "job-timeouts");
        thread.setDaemon(true);
        return thread;
    });
    /** The workers that take jobs, by id, and the jobs each runs now. */
    private final Map<Integer, Worker> workers = new TreeMap<>();
    private final Map<Integer, Map<Long, Pending>> running = new HashMap<>();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final Map<Integer, Long> completedByWorker = new TreeMap<>();
    private long nextId = 1;

    JobPool(int slotsPerWorker, int queueCapacity, Duration timeout) {
        if (slotsPerWorker < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("slotsPerWorker must be at least 1 and queueCapacity at least 0, were "
                    + slotsPerWorker + " and " + queueCapacity);
        }
        this.slotsPerWorker = slotsPerWorker;
        this.queueCapacity = queueCapacity;
        this.timeout = timeout;
        for (String name : List.of("submitted", "completed", "rejected", "retried", "timedOut", "failed", "late")) {
            counters.put(name, 0L);
        }
    }

    /** Gives jobs to {@code worker} from now on; call it when the worker is online. */
    synchronized void addWorker(Worker worker) {
        workers.put(worker.id(), worker);
        running.put(worker.id(), new LinkedHashMap<>());
        dispatch();
    }

    @Override
    // tag::submit[]
    public synchronized CompletableFuture<JobResult> submit(Job job) {
        throw new UnsupportedOperationException("TODO(task10): give the job the next id; when every worker's slots are taken and the queue already holds queueCapacity jobs, count \"rejected\" and fail it with JobErrors.Rejected (say the queue's size); else count \"submitted\", queue it, start its timeout (timer.schedule(() -> timedOut(pending), ...)) and dispatch()");
    }
    // end::submit[]

    // tag::dispatch[]
    /** Hands queued jobs to the workers with the fewest in flight, while any has a free slot. */
    private void dispatch() {
        throw new UnsupportedOperationException("TODO(task10): while jobs wait: pick the worker with the fewest jobs in running (fewer than slotsPerWorker), preferring one the job has not tried yet; put the job in that worker's running map, add the worker to its triedWorkers and send it a JobMessage(\"job\", id, job)");
    }
    // end::dispatch[]



    /** A message from a worker: a job's result or its error. */
    // tag::message[]
    synchronized void onMessage(Worker worker, JsonNode message) {
        throw new UnsupportedOperationException("TODO(task10): take the job out of this worker's running map by the message's jobId (absent: it timed out or is done, count \"late\" and ignore it); cancel its timeout; complete its future with a JobResult for \"result\" (count \"completed\", and in completedByWorker) or with JobErrors.Failed for \"error\" (count \"failed\"); then dispatch()");
    }
    // end::message[]

    /** {@code worker} died or left: its jobs go to another worker once, or fail. */
    // tag::exit[]
    synchronized void onWorkerExit(Worker worker) {
        workers.remove(worker.id());
        Map<Long, Pending> lost = running.remove(worker.id());
        if (lost == null) {
            return;
        }
        throw new UnsupportedOperationException("TODO(task10): each job it was running: if MAX_ATTEMPTS workers have had it, cancel its timeout, count \"failed\" and fail it with JobErrors.Failed naming the workers that died; else count \"retried\" and put it first in the queue again; then dispatch()");
    }
    // end::exit[]

    /** The job's time is up: it fails, and the worker running it is killed, which stops the work. */
    // tag::timeout[]
    private synchronized void timedOut(Pending pending) {
        throw new UnsupportedOperationException("TODO(task10): unless it is done: take it out of the queue, or out of the running map of the worker that runs it and kill that worker with SIGKILL (its exit then finds the job gone, so it is not retried); count \"timedOut\" and fail it with JobErrors.TimedOut saying after how many ms");
    }
    // end::timeout[]

    private int freeSlots() {
        int free = 0;
        for (Map<Long, Pending> jobs : running.values()) {
            free += Math.max(0, slotsPerWorker - jobs.size());
        }
        return free;
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    @Override
    public synchronized Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>(counters);
        stats.put("queued", queue.size());
        Map<Integer, Integer> inFlight = new TreeMap<>();
        running.forEach((id, jobs) -> inFlight.put(id, jobs.size()));
        stats.put("inFlight", inFlight);
        stats.put("completedByWorker", new TreeMap<>(completedByWorker));
        return stats;
    }
}
