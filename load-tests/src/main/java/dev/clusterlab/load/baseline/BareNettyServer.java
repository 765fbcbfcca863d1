package dev.clusterlab.load.baseline;

import dev.clusterlab.transport.NamedThreads;
import dev.clusterlab.transport.NativeTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The baseline the clusters are measured against: one process, Netty's HTTP codec and a handler
 * that answers every request with a fixed text, on {@code LOOPS} event loops (default 2: every
 * core of the measuring machine). No routing, no clustering: what a cluster must come close to.
 * {@code PORT} (8080) sets the port; it listens on 127.0.0.1 only.
 */
public final class BareNettyServer {
    private static final byte[] BODY = ("hello from pid " + ProcessHandle.current().pid() + "\n")
            .getBytes(StandardCharsets.US_ASCII);

    private BareNettyServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        int loops = Integer.parseInt(System.getenv().getOrDefault("LOOPS", "2"));
        NativeTransport transport = NativeTransport.get();
        EventLoopGroup group = transport.newGroup(loops, NamedThreads.of("bare"));
        new ServerBootstrap().group(group)
                .channel(transport.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Hello());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync();
        System.out.println("bare Netty listening on 127.0.0.1:" + port + " with " + loops + " event loops");
    }

    /** Answers each request as soon as its head arrives. */
    private static final class Hello extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest request)) {
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(BODY));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            ctx.writeAndFlush(response).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE
                    : ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a client that reset mid-request; nothing to answer
        }
    }
}
