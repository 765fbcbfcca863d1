package dev.clusterlab.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;

/**
 * One client connection: answers its requests one at a time, in order (pipelined requests wait
 * their turn), and knows whether it is idle so a graceful close can end it without cutting a
 * request. All its state is touched only on its event loop.
 */
final class Connection extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final HttpServer server;
    private final Routes routes;
    private final ExecutorService handlerThreads;
    private final Queue<Pending> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean busy;

    private record Pending(Request request, HttpVersion version, boolean keepAlive) {
    }

    Connection(HttpServer server, Routes routes, ExecutorService handlerThreads) {
        this.server = server;
        this.routes = routes;
        this.handlerThreads = handlerThreads;
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
        waiting.add(new Pending(new Request(msg), msg.protocolVersion(), HttpUtil.isKeepAlive(msg)));
        next();
    }

    private void next() {
        if (busy || waiting.isEmpty()) {
            return;
        }
        busy = true;
        Pending p = waiting.poll();
        if (handlerThreads == null) {
            respond(p, handle(p.request));
        } else {
            handlerThreads.execute(() -> {
                Response response = handle(p.request);
                ctx.executor().execute(() -> respond(p, response));
            });
        }
    }

    private Response handle(Request request) {
        try {
            return routes.dispatch(request);
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
        FullHttpResponse res = new DefaultFullHttpResponse(p.version, HttpResponseStatus.valueOf(response.status()),
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
        } else if (!p.version.isKeepAliveDefault()) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.writeAndFlush(res).addListener(f -> {
            busy = false;
            if (!keepAlive) {
                ctx.close();
            } else {
                next();
            }
        });
    }

    /** 414, 431 or 400, then close: after a malformed request the stream cannot be trusted. */
    private void rejectMalformed(Throwable cause) {
        HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        Response body = Response.error(status.code(), "malformed request: " + cause.getMessage());
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.bodyUnsafe()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, body.contentType())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(res, body.bodyUnsafe().length);
        waiting.clear();
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            closeIfIdle();
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

    /** Closes the connection now if no request is being answered or waiting. */
    void closeIfIdle() {
        if (ctx == null) {
            return;
        }
        ctx.executor().execute(() -> {
            if (!busy && waiting.isEmpty()) {
                ctx.close();
            }
        });
    }

    void forceClose() {
        if (ctx != null) {
            ctx.close();
        }
    }
}
