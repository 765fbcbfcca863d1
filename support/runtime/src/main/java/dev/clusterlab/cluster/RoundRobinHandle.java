package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterlab.ipc.Frames;
import dev.clusterlab.ipc.IpcChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@link SchedulingPolicy#ROUND_ROBIN}: Node's {@code round_robin_handle.js}. The primary listens
 * and accepts; each accepted socket goes to the worker the {@link Scheduler} picks, over that
 * worker's socket-passing connection ({@link HandoffLink}).
 *
 * <p>Flow control: a worker has at most {@link #WINDOW} sockets sent and not acknowledged. Node
 * allows one, which halves the rate of new connections; a window keeps the speed and still bounds
 * what a stalled worker holds. It also keeps the Unix socket's send buffer from filling: Netty shuts
 * a domain socket's output when passing a descriptor meets EAGAIN. Sockets wait in the primary
 * while no worker has room, and those a worker never acknowledged (it died, or left) go to another.
 *
 * <p>A standby's link is made like any other, so that it is ready the moment the standby is
 * promoted, but it is no candidate until then ({@link HandoffLink#canTake}).
 *
 * <p>Everything but {@link #grant} runs on the primary's IPC event loop, as Node's primary runs on
 * its one thread, so the state needs no locks.
 */
final class RoundRobinHandle extends ServerHandle {
    private static final Logger LOG = LoggerFactory.getLogger(RoundRobinHandle.class);
    /** Unacknowledged sockets per worker; an fd message takes well under 1 KiB of a 208 KiB send buffer. */
    static final int WINDOW = 32;
    /** Accepted sockets that wait for a worker, at most; beyond that new connections are closed. */
    static final int MAX_WAITING = 4096;

    private final Channel listener;
    private final EventLoop loop;
    private final Scheduler scheduler;
    private final String host;
    private final int port;
    private final Map<Integer, HandoffLink> links = new TreeMap<>();
    private final Deque<FileDescriptor> waiting = new ArrayDeque<>();
    private final List<HandoffLink> candidates = new ArrayList<>();
    /** Completed when each worker's link is ready (or gone); any thread may ask. */
    private final Map<Integer, CompletableFuture<Void>> serving = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean closed;
    private long refused;

    RoundRobinHandle(String host, int port, EventLoopGroup group, Scheduler scheduler) throws IOException {
        this.host = host;
        this.scheduler = scheduler;
        this.listener = PrimaryListener.bind(group, host, port, new Acceptor());
        this.loop = listener.eventLoop();
        this.port = ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    void grant(Worker worker, ObjectNode reply) throws IOException {
        refuseSecondListen(worker, host, port);
        reply.put("policy", SchedulingPolicy.ROUND_ROBIN.name()).put("address", host).put("port", port);
    }

    @Override
    String attach(Worker worker, IpcChannel channel) {
        if (closed || !has(worker)) {
            return "worker " + worker.id() + " does not listen on " + host + ":" + port;
        }
        HandoffLink link = new HandoffLink(worker, channel);
        channel.onFrame(frame -> received(link, frame));
        channel.closeFuture().thenRun(() -> loop.execute(() -> detach(link)));
        channel.send(Frames.of("welcome"));
        return null;
    }

    @Override
    CompletableFuture<Void> serving(Worker worker) {
        return serving.computeIfAbsent(worker.id(), id -> new CompletableFuture<>());
    }

    @Override
    void promoted(Worker worker) {
        loop.execute(this::dispatch); // connections waiting now go to it too; the link itself was ready
    }

    @Override
    void release(Worker worker) {
        serving(worker).complete(null); // a worker that left is listening no more; nobody should wait
        serving.remove(worker.id());
        loop.execute(() -> {
            HandoffLink link = links.get(worker.id());
            if (link != null) {
                link.channel().close(); // detach() gives its unacknowledged sockets to the others
            }
        });
    }

    @Override
    public void close() {
        if (loop.inEventLoop()) {
            shut();
        } else {
            loop.submit(this::shut).syncUninterruptibly();
        }
    }

    private void shut() {
        closed = true;
        listener.close();
        links.values().forEach(l -> l.channel().close());
        waiting.forEach(HandoffLink::closeQuietly);
        waiting.clear();
    }

    private void received(HandoffLink link, JsonNode frame) {
        switch (Frames.act(frame)) {
            case "ready" -> {
                if (!closed && link.channel().isOpen()) {
                    HandoffLink old = links.put(link.workerId(), link);
                    if (old != null) {
                        old.channel().close(); // a worker listens once per address
                    }
                    link.ready();
                    serving(link.worker()).complete(null);
                    dispatch();
                }
            }
            case "ack" -> {
                if (!link.acknowledged(frame.path("n").asInt(-1), frame.path("closed").asLong(0))) {
                    LOG.warn("worker {} acknowledged {} connections with {} pending; closing its link",
                            link.workerId(), frame.path("n"), link.pending());
                    link.channel().close();
                    return;
                }
                dispatch();
            }
            case "full" -> { // HttpLimits.maxConnections reached, or room again
                link.full(frame.path("full").asBoolean());
                dispatch();
            }
            default -> {
                LOG.warn("worker {} sent {} on its connection-passing link; closing it", link.workerId(), Frames.act(frame));
                link.channel().close();
            }
        }
    }

    private void detach(HandoffLink link) {
        links.remove(link.workerId(), link);
        Deque<FileDescriptor> back = link.drain();
        if (closed) {
            back.forEach(HandoffLink::closeQuietly);
            return;
        }
        if (!back.isEmpty()) {
            LOG.info("worker {} left with {} connections unacknowledged; handing them to others", link.workerId(),
                    back.size());
        }
        for (Iterator<FileDescriptor> it = back.descendingIterator(); it.hasNext(); ) {
            waiting.addFirst(it.next()); // they were accepted first: they go first
        }
        dispatch();
    }

    private void accepted(FileDescriptor fd) {
        if (closed || waiting.size() >= MAX_WAITING) {
            HandoffLink.closeQuietly(fd);
            if (refused++ % 1000 == 0) {
                LOG.warn("{}:{}: {} connections already wait for a worker; closed {} new ones so far", host, port,
                        MAX_WAITING, refused);
            }
            return;
        }
        waiting.add(fd);
        dispatch();
    }

    /** Hands waiting sockets to workers while some have room. */
    private void dispatch() {
        while (!waiting.isEmpty()) {
            candidates.clear();
            for (HandoffLink link : links.values()) {
                if (link.canTake(WINDOW)) {
                    candidates.add(link);
                }
            }
            if (candidates.isEmpty()) {
                return;
            }
            pick().send(waiting.poll());
        }
    }

    private HandoffLink pick() {
        try {
            WorkerLoad picked = scheduler.pick(List.copyOf(candidates));
            for (HandoffLink candidate : candidates) {
                if (candidate == picked) {
                    return candidate;
                }
            }
            LOG.error("scheduler {} picked {}, which is not one of the candidates {}; using the first",
                    scheduler, picked, candidates);
        } catch (RuntimeException e) {
            LOG.error("scheduler {} failed; using the first candidate", scheduler, e);
        }
        return candidates.getFirst();
    }

    /**
     * First in the listener's pipeline, so it sees each accepted connection before Netty would
     * register it here: the primary takes the descriptor and never reads a byte of the request.
     */
    private final class Acceptor extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            accepted(((UnixChannel) msg).fd());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("accepting on {}:{} failed: {}", host, port, cause.toString());
            ctx.fireExceptionCaught(cause); // Netty's acceptor then pauses accepting for a second (EMFILE ...)
        }
    }
}
