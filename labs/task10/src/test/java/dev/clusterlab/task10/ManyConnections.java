package dev.clusterlab.task10;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Recorder;

/**
 * Many keep-alive connections from one Netty client thread (non-blocking, so 10,000 cost 10,000
 * file descriptors and no thread each): opens them with at most {@code connectsInFlight} connects at
 * a time, sends one GET on each and keeps each open; {@link #requestOnAll} sends one more on every
 * one of them, which only a connection the server still holds can answer.
 */
final class ManyConnections implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private final AtomicInteger ok = new AtomicInteger();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicInteger closed = new AtomicInteger();
    private final Recorder latency = new Recorder(3);
    private final String path;

    ManyConnections(String path) {
        this.path = path;
    }

    /** Opens {@code count} connections to 127.0.0.1:{@code port}, each sending its first request. */
    void open(int port, int count, int connectsInFlight) throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), new Answers());
                        channel.closeFuture().addListener(f -> {
                            closed.incrementAndGet();
                            if (firstAnswered(channel)) {
                                failures.computeIfAbsent("closed before its first answer", k -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                        });
                    }
                });
        Semaphore connects = new Semaphore(connectsInFlight);
        for (int i = 0; i < count; i++) {
            if (!connects.tryAcquire(30, TimeUnit.SECONDS)) {
                failures.computeIfAbsent("connect took over 30 s", k -> new AtomicInteger()).incrementAndGet();
                return;
            }
            ChannelFuture connect = bootstrap.connect("127.0.0.1", port);
            // A permit is held until the connection's first answer, not just its TCP connect: the kernel
            // accepts far faster than the primary hands sockets to workers, and a client racing ahead
            // would measure the primary's accept queue (4,096), not how many connections workers hold.
            connect.channel().attr(FIRST_ANSWER).set(connects::release);
            connect.addListener(f -> {
                if (f.isSuccess()) {
                    channels.add(connect.channel());
                    send(connect.channel());
                } else {
                    firstAnswered(connect.channel());
                    failures.computeIfAbsent("connect: " + f.cause(), k -> new AtomicInteger()).incrementAndGet();
                }
            });
        }
    }

    private static final io.netty.util.AttributeKey<Runnable> FIRST_ANSWER = io.netty.util.AttributeKey.valueOf("firstAnswer");

    /** Gives back the connection's permit on its first answer (or close); true if it had not been given back yet. */
    private static boolean firstAnswered(Channel channel) {
        Runnable release = channel.attr(FIRST_ANSWER).getAndSet(null);
        if (release != null) {
            release.run();
        }
        return release != null;
    }

    /** Sends one more request on every open connection. */
    void requestOnAll() {
        channels.forEach(this::send);
    }

    private void send(Channel channel) {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
        channel.attr(Answers.SENT).set(System.nanoTime());
        channel.writeAndFlush(request);
    }

    int ok() {
        return ok.get();
    }

    int closed() {
        return closed.get();
    }

    int connected() {
        return channels.size();
    }

    Map<String, AtomicInteger> failures() {
        return failures;
    }

    /** The latency of every answer so far, in microseconds: p50, p99, p99.9, max. */
    String percentiles() {
        var histogram = latency.getIntervalHistogram();
        return String.format("p50 %d us, p99 %d us, p99.9 %d us, max %d us (%d answers)",
                histogram.getValueAtPercentile(50) / 1000, histogram.getValueAtPercentile(99) / 1000,
                histogram.getValueAtPercentile(99.9) / 1000, histogram.getMaxValue() / 1000, histogram.getTotalCount());
    }

    private final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {
        static final io.netty.util.AttributeKey<Long> SENT = io.netty.util.AttributeKey.valueOf("sent");

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            latency.recordValue(System.nanoTime() - ctx.channel().attr(SENT).get());
            firstAnswered(ctx.channel());
            if (response.status().code() == 200) {
                ok.incrementAndGet();
            } else {
                failures.computeIfAbsent("status " + response.status().code(), k -> new AtomicInteger()).incrementAndGet();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failures.computeIfAbsent(String.valueOf(cause), k -> new AtomicInteger()).incrementAndGet();
            ctx.close();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
