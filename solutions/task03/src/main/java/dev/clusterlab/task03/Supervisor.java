package dev.clusterlab.task03;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.ExitStatus;
import dev.clusterlab.cluster.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The primary's supervisor: forks the workers and keeps them running. Node leaves this to the
 * application ({@code cluster.on('exit', () => cluster.fork())}); this one also waits before each
 * restart (exponential backoff), leaves alone a worker that left on purpose, and gives up on a crash
 * loop, as an OTP supervisor does with its restart intensity.
 *
 * <p>All it knows (the registry, the restart policy) is used on one thread of its own,
 * {@code supervisor}: the cluster's events are handed to that thread as tasks, so they are handled
 * one at a time, in order, without locks, the way an OTP supervisor handles its mailbox. The thread
 * is not a daemon: it keeps the primary running while there is something to supervise.
 */
public final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    /** The primary's exit code when it gives up on a crash loop. */
    static final int EXIT_CRASH_LOOP = 1;
    /** How long a supervisor that gives up waits for its workers to leave before it exits anyway. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final SupervisorSettings settings;
    private final RestartPolicy policy;
    private final WorkerRegistry registry = new WorkerRegistry();
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "supervisor"));
    private final long startNanos = System.nanoTime();
    /** Restarts scheduled that have not run yet. */
    private int pendingRestarts;
    /** Set when giving up: no more forks. */
    private boolean stopping;

    private Supervisor(SupervisorSettings settings) {
        this.settings = settings;
        this.policy = settings.newPolicy();
    }

    /** Starts supervising: listens to the cluster's events, then forks {@code settings.workers()} workers. */
    public static Supervisor start(SupervisorSettings settings) {
        Supervisor supervisor = new Supervisor(settings);
        supervisor.subscribe();
        LOG.info("primary {} supervises {}", ProcessHandle.current().pid(), settings);
        for (int i = 0; i < settings.workers(); i++) {
            supervisor.tell(supervisor::forkWorker);
        }
        return supervisor;
    }

    // tag::subscribe[]
    /** Hands every event the supervisor cares about to its thread. */
    private void subscribe() {
        Cluster.onOnline(worker -> tell(() -> registry.moved(worker.id(), WorkerSummary.Status.ONLINE)));
        Cluster.onListening((worker, address) -> tell(() -> listening(worker, address)));
        Cluster.onExit((worker, status) -> tell(() -> exited(worker, status)));
        Cluster.onMessage((worker, message) -> tell(() -> received(worker, message)));
    }
    // end::subscribe[]

    private void listening(Worker worker, InetSocketAddress address) {
        registry.moved(worker.id(), WorkerSummary.Status.LISTENING);
        LOG.info("worker {} (pid {}) is listening on {}:{}", worker.id(), worker.process().pid(),
                address.getHostString(), address.getPort());
    }

    /** A worker's process ended: restart it, leave it alone, or give up, as the policy decides. */
    private void exited(Worker worker, ExitStatus status) {
        if (stopping) {
            return;
        }
        // BEGIN SOLUTION forget the worker in the registry; ask the policy (leftOnPurpose: worker.exitedAfterDisconnect(), now: now()) and act on its decision: Restart -> restart(...), LeaveAlone -> leftAlone(...), GiveUp -> giveUp(...)
        // tag::exited[]
        registry.exited(worker.id());
        switch (policy.decide(worker.exitedAfterDisconnect(), now())) {
            case RestartDecision.Restart restart -> restart(worker, status, restart);
            case RestartDecision.LeaveAlone leave -> leftAlone(worker, status);
            case RestartDecision.GiveUp giveUp -> giveUp(worker, status, giveUp);
        }
        // end::exited[]
        // END SOLUTION
    }

    /** A worker died: fork a replacement after the backoff's delay. */
    private void restart(Worker dead, ExitStatus status, RestartDecision.Restart restart) {
        LOG.warn("worker {} (pid {}) died with {}; restart {} in {} ms", dead.id(), dead.process().pid(), status,
                restart.restart(), restart.delay().toMillis());
        // BEGIN SOLUTION fork a replacement (forkReplacement) once restart.delay() has passed, without blocking this thread: schedule it with later(...)
        // tag::restart[]
        later(restart.delay(), this::forkReplacement);
        // end::restart[]
        // END SOLUTION
    }

    /** A worker left on purpose: it stays gone; with none left and none coming, the supervisor is done. */
    private void leftAlone(Worker worker, ExitStatus status) {
        LOG.info("worker {} (pid {}) exited with {} after disconnect; not restarting", worker.id(),
                worker.process().pid(), status);
        if (registry.isEmpty() && pendingRestarts == 0) {
            LOG.info("no workers left; the supervisor stops");
            thread.shutdown();
        }
    }

    /** A crash loop: stop restarting, stop the workers, exit non-zero. */
    private void giveUp(Worker dead, ExitStatus status, RestartDecision.GiveUp giveUp) {
        LOG.error("worker {} (pid {}) died with {}: crash loop, restart {} within {} s would be more than"
                + " MAX_RESTARTS={}; giving up", dead.id(), dead.process().pid(), status, giveUp.restarts(),
                giveUp.period().toSeconds(), settings.maxRestarts());
        // BEGIN SOLUTION stop forking (stopping = true), disconnect every worker still running (Cluster.disconnect()) and wait for them at most STOP_TIMEOUT, then exit the primary with EXIT_CRASH_LOOP (System.exit)
        // tag::give-up[]
        stopping = true;
        try {
            // Blocking is fine now: this thread has nothing left to do, and the workers' exits are
            // reported by the cluster's own event thread.
            Cluster.disconnect().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("workers still running after {} s; exiting anyway (they exit with their primary)",
                    STOP_TIMEOUT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.error("exiting with code {}", EXIT_CRASH_LOOP);
        System.exit(EXIT_CRASH_LOOP);
        // end::give-up[]
        // END SOLUTION
    }

    /** A message from a worker: answer what it asks. */
    private void received(Worker worker, JsonNode json) {
        // BEGIN SOLUTION read the JSON as a Message (Message.from); answer a StatsRequest by sending that worker (worker.send) a StatsReply: the request's id, the worker's id, this primary's pid, registry.snapshot() and registry.restarts(); log any other message
        // tag::received[]
        switch (Message.from(json)) {
            case Message.StatsRequest request -> worker.send(new Message.StatsReply(request.requestId(), worker.id(),
                    ProcessHandle.current().pid(), registry.snapshot(), registry.restarts()));
            case Message.StatsReply reply -> LOG.warn("worker {} sent {}, which only the primary sends", worker.id(), reply);
        }
        // end::received[]
        // END SOLUTION
    }

    private void forkReplacement() {
        registry.restarted();
        forkWorker();
    }

    private void forkWorker() {
        if (stopping) {
            return;
        }
        Worker worker = Cluster.fork();
        // Registered right away, on this thread: the worker's online, listening and exit events are
        // handled after this task, never before.
        registry.forked(worker.id(), worker.process().pid());
        LOG.info("forked worker {} (pid {})", worker.id(), worker.process().pid());
    }

    /**
     * Runs {@code task}, a restart, on the supervisor's thread once {@code delay} has passed. Until
     * then it is pending, and a supervisor with a restart pending does not stop for lack of workers.
     */
    private void later(Duration delay, Runnable task) {
        pendingRestarts++;
        thread.schedule(() -> {
            pendingRestarts--;
            run(task);
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the supervisor's thread, after the tasks already handed to it. */
    private void tell(Runnable task) {
        try {
            thread.execute(() -> run(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("the supervisor has stopped; an event came after it", e);
        }
    }

    /** A task that throws is logged, and the supervisor goes on with the next one. */
    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("a supervisor task failed: {}", e.toString(), e);
        }
    }

    /** The time on a monotonic clock, for the restart intensity. */
    private Duration now() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
