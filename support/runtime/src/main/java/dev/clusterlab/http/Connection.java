package dev.clusterlab.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * One client connection: answers its requests one at a time, in order (pipelined requests wait
 * their turn), and knows whether it is idle so a graceful close can end it without cutting a
 * request. All its state is touched only on its event loop.
 */
final class Connection extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    /**
     * How long a graceful close lets a connection that has sent nothing yet live: one handed over
     * or accepted just before the close usually has its request on the way, and closing it unread
     * would lose that request. It is then answered (with {@code Connection: close}) like any other.
     */
    private static final long FRESH_GRACE_MS = 500;
    /** Pipelined requests held at most while one is answered; then reading pauses and TCP pushes back. */
    private static final int MAX_WAITING = 16;

    private final HttpServer server;
    private final Routes routes;
    private final ExecutorService handlerThreads;
    private final RequestTimeouts timeouts;
    private final Queue<Pending> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean busy;
    /** A request's head has been read and its body is not yet whole. */
    private boolean receiving;
    /** A request has begun to arrive on this connection, ever. */
    private boolean requested;
    /** {@link #MAX_WAITING} requests wait: nothing more is read until they are fewer. */
    private boolean readingPaused;
    /** A rejection (malformed, timed out) is queued: this connection ends with it. */
    private boolean ending;

    /** A request to answer, or (with {@code rejection}) the answer to a malformed one, then close. */
    private record Pending(Request request, HttpVersion version, boolean keepAlive, Response rejection) {
    }

    Connection(HttpServer server, Routes routes, ExecutorService handlerThreads, HttpLimits limits) {
        this.server = server;
        this.routes = routes;
        this.handlerThreads = handlerThreads;
        this.timeouts = new RequestTimeouts(limits, this::expired);
    }

    /** The handler for ahead of the decoder, that times each request (see {@link RequestTimeouts}). */
    ChannelHandler timeouts() {
        return timeouts;
    }

    /**
     * The handler for just before the aggregator, where requests come in: it notes when a request
     * has begun to arrive, so that a graceful close waits for it as for a request being handled;
     * and while too many requests wait it passes on no read, not even the aggregator's own request
     * for the rest of a half-read body, so reading pauses for good and TCP pushes back on the client.
     */
    ChannelHandler intake() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext context, Object msg) {
                if (msg instanceof HttpRequest) {
                    receiving = true;
                    requested = true;
                    timeouts.headersEnded();
                }
                if (msg instanceof LastHttpContent) {
                    receiving = false;
                    timeouts.requestEnded();
                }
                context.fireChannelRead(msg);
            }

            @Override
            public void read(ChannelHandlerContext context) {
                if (!readingPaused) {
                    context.read();
                }
            }
        };
    }

    /**
     * The aggregator for this connection, whose 413 for a body over {@code maxBodyBytes} waits its
     * turn like any answer (Netty's own would overtake the answers to earlier pipelined requests).
     */
    ChannelHandler aggregator(int maxBodyBytes) {
        return new HttpObjectAggregator(maxBodyBytes, true) {
            @Override
            protected void handleOversizedMessage(ChannelHandlerContext context, HttpMessage oversized) {
                rejectMalformed(new TooLongFrameException("the body is over the limit of " + maxBodyBytes + " bytes"));
            }
        };
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        server.opened(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.closed(this);
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        if (msg.decoderResult().isFailure()) {
            rejectMalformed(msg.decoderResult().cause());
            return;
        }
        List<String> hosts = msg.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1 || hosts.isEmpty() && msg.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            // RFC 9112 §3.2: exactly one Host in HTTP/1.1 (HTTP/1.0 may omit it), as Node's requireHostHeader
            rejectMalformed(new IllegalArgumentException(msg.protocolVersion() + " needs exactly one Host header, got "
                    + hosts.size()));
            return;
        }
        Request request;
        try {
            request = new Request(msg);
        } catch (IllegalArgumentException e) { // a bad percent-escape in the URI
            rejectMalformed(e);
            return;
        }
        waiting.add(new Pending(request, msg.protocolVersion(), HttpUtil.isKeepAlive(msg), null));
        if (waiting.size() >= MAX_WAITING && !readingPaused) {
            readingPaused = true;
            ctx.channel().config().setAutoRead(false);
        }
        next();
    }

    private void next() {
        if (busy || waiting.isEmpty()) {
            return;
        }
        busy = true;
        Pending p = waiting.poll();
        if (readingPaused && waiting.size() < MAX_WAITING) {
            readingPaused = false;
            ctx.channel().config().setAutoRead(true); // and reads at once
        }
        if (p.rejection != null) {
            respond(p, p.rejection);
        } else if (handlerThreads == null) {
            answer(p, handle(p.request));
        } else {
            handlerThreads.execute(() -> answer(p, handle(p.request)));
        }
    }

    /** Writes {@code response} on the connection's event loop, once a {@link Response#later} one is complete. */
    private void answer(Pending p, Response response) {
        if (response.later() != null) {
            response.later().whenComplete((done, failure) -> answer(p, completed(p.request, done, failure)));
        } else if (ctx.executor().inEventLoop()) {
            respond(p, response);
        } else {
            try {
                ctx.executor().execute(() -> respond(p, response));
            } catch (RejectedExecutionException e) {
                // The server's close deadline cut this connection and stopped its event loop.
            }
        }
    }

    private static Response completed(Request request, Response done, Throwable failure) {
        if (failure == null && done != null) {
            return done;
        }
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause == null) {
            LOG.error("{} {}: Response.later completed with null", request.method(), request.path());
            return Response.error(500, "the handler's future completed with no response");
        }
        LOG.error("{} {} failed", request.method(), request.path(), cause);
        return Response.error(500, cause.toString());
    }

    private Response handle(Request request) {
        try {
            Response response = routes.dispatch(request);
            if (response == null) {
                LOG.error("{} {}: the handler returned null", request.method(), request.path());
                return Response.error(500, "the handler returned no response");
            }
            return response;
        } catch (BadRequestException e) {
            return Response.error(400, e.getMessage());
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError vm) {
                throw vm;
            }
            LOG.error("{} {} failed", request.method(), request.path(), e);
            return Response.error(500, e.toString());
        }
    }

    private void respond(Pending p, Response response) {
        boolean keepAlive = p.keepAlive && !server.isClosing();
        FullHttpResponse res;
        try {
            res = toHttp(p.version, response, keepAlive);
        } catch (IllegalArgumentException e) {
            String why = e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause().getMessage();
            LOG.error("{}: the handler's response is not valid HTTP: {}",
                    p.request == null ? "a malformed request" : p.request.method() + " " + p.request.path(), why);
            res = toHttp(p.version, Response.error(500, "the handler's response is not valid HTTP: " + why), keepAlive);
        }
        server.requestServed();
        ctx.writeAndFlush(res).addListener(f -> {
            busy = false;
            if (p.rejection != null) {
                LingeringClose.close(ctx.channel()); // the client may still be sending: let it read the answer
            } else if (!keepAlive) {
                ctx.close();
            } else {
                next();
            }
        });
    }

    /** @throws IllegalArgumentException if HTTP cannot carry {@code response} (status, header values) */
    private static FullHttpResponse toHttp(HttpVersion version, Response response, boolean keepAlive) {
        if (response.status() < 100 || response.status() > 999) {
            throw new IllegalArgumentException("status " + response.status() + " is not a three-digit HTTP status");
        }
        FullHttpResponse res = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(response.status()),
                Unpooled.wrappedBuffer(response.bodyUnsafe()));
        if (response.contentType() != null) {
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        }
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            res.headers().set(h.getKey(), h.getValue());
        }
        HttpUtil.setContentLength(res, response.bodyUnsafe().length);
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!version.isKeepAliveDefault()) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return res;
    }

    /**
     * 414, 431 or 400, then close: after a malformed request the stream cannot be trusted. The
     * answer waits its turn behind the requests received before it.
     */
    private void rejectMalformed(Throwable cause) {
        HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        end(Response.error(status.code(), "malformed request: " + cause.getMessage()));
    }

    /**
     * A {@link RequestTimeouts} clock ran out: 408 (after the answers to the requests before it, so
     * never in the middle of one), and nothing more is read.
     */
    private void expired(RequestTimeouts.Timeout timeout) {
        if (ending) {
            return;
        }
        server.timedOut(timeout);
        LingeringClose.discardInput(ctx.channel());
        end(Response.error(408, timeout.what + " took longer than " + timeout.limit + "; closing"));
    }

    /** Queues the last answer of this connection; it is closed (lingering) once that is written. */
    private void end(Response rejection) {
        ending = true;
        waiting.add(new Pending(null, HttpVersion.HTTP_1_1, false, rejection));
        next();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            closeUnlessAnswering(); // nothing moved for the idle timeout: a stalled request goes too
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A peer that resets mid-request is routine under load; anything else is worth a line.
        if (!(cause instanceof java.io.IOException)) {
            LOG.warn("closing connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }

    /** Closes the connection now if no request is arriving, being answered or waiting. */
    void closeIfIdle() {
        if (ctx == null) {
            return;
        }
        ctx.executor().execute(() -> {
            if (!requested) {
                ctx.executor().schedule(this::closeUnlessBusy, FRESH_GRACE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } else {
                closeUnlessBusy();
            }
        });
    }

    private void closeUnlessBusy() {
        if (!busy && waiting.isEmpty() && !receiving) {
            ctx.close();
        }
    }

    private void closeUnlessAnswering() {
        if (!busy && waiting.isEmpty()) {
            ctx.close();
        }
    }

    void forceClose() {
        if (ctx != null) {
            ctx.close();
        }
    }
}
