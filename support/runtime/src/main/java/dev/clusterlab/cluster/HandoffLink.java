package dev.clusterlab.cluster;

import dev.clusterlab.ipc.IpcChannel;
import io.netty.channel.unix.FileDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One worker's socket-passing connection for one round-robin address, seen from the primary: the
 * sockets sent and not yet acknowledged, in order, and the counts a {@link Scheduler} reads.
 * Confined to the primary's IPC event loop.
 */
final class HandoffLink implements WorkerLoad {
    private static final Logger LOG = LoggerFactory.getLogger(HandoffLink.class);

    private final Worker worker;
    private final IpcChannel channel;
    /** Sent, not acknowledged: the primary keeps its copy of each until the worker has its own. */
    private final Deque<FileDescriptor> unacknowledged = new ArrayDeque<>();
    private long handed;
    private long acknowledged;
    private long closed;
    private boolean ready;
    /** The worker said its server has its maximum of connections. */
    private boolean full;

    HandoffLink(Worker worker, IpcChannel channel) {
        this.worker = worker;
        this.channel = channel;
    }

    @Override
    public int workerId() {
        return worker.id();
    }

    @Override
    public long handed() {
        return handed;
    }

    @Override
    public int pending() {
        return unacknowledged.size();
    }

    @Override
    public long open() {
        return acknowledged - closed;
    }

    Worker worker() {
        return worker;
    }

    IpcChannel channel() {
        return channel;
    }

    /** The worker switched its end to receiving sockets. */
    void ready() {
        ready = true;
    }

    /** The worker's server has its maximum of connections ({@code true}) or room again. */
    void full(boolean isFull) {
        full = isFull;
    }

    /** Whether the worker may be handed one more socket now; never while it is a standby. */
    boolean canTake(int window) {
        return ready && !full && unacknowledged.size() < window && channel.isOpen() && !worker.isStandby();
    }

    /** Passes {@code fd} (SCM_RIGHTS); a failed send closes the link, and {@link #drain()} gives the rest back. */
    void send(FileDescriptor fd) {
        unacknowledged.add(fd);
        handed++;
        channel.channel().writeAndFlush(fd).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warn("passing a connection to worker {} failed, closing its link: {}", worker.id(), f.cause().toString());
                channel.close();
            }
        });
    }

    /**
     * The worker took the next {@code count} sockets (they arrive in order) and closed
     * {@code closedCount} connections since its last report; the primary's copies are closed.
     *
     * @return false if it acknowledged more than was sent, a broken peer
     */
    boolean acknowledged(int count, long closedCount) {
        if (count < 0 || count > unacknowledged.size() || closedCount < 0) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            closeQuietly(unacknowledged.poll());
        }
        acknowledged += count;
        closed += closedCount;
        return true;
    }

    /** Takes back what was never acknowledged, oldest first, for another worker. */
    Deque<FileDescriptor> drain() {
        Deque<FileDescriptor> back = new ArrayDeque<>(unacknowledged);
        unacknowledged.clear();
        return back;
    }

    static void closeQuietly(FileDescriptor fd) {
        try {
            fd.close();
        } catch (IOException e) {
            LOG.debug("closing a passed socket failed", e);
        }
    }

    @Override
    public String toString() {
        return "worker " + worker.id() + " (handed " + handed + ", pending " + pending() + ", open " + open() + ")";
    }
}
