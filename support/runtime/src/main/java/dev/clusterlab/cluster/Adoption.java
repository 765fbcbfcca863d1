package dev.clusterlab.cluster;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.bootstrap.ServerBootstrapConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.util.AttributeKey;

import java.util.Map;

/**
 * Puts a socket that came from the primary into a server's Netty setup, as if that server had
 * accepted (a connection) or bound (a listener) it itself: the same handlers, options and loops.
 */
final class Adoption {
    private Adoption() {
    }

    /** Registers an accepted connection with {@code server}'s child handler, options and loops. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static ChannelFuture connection(ServerBootstrap server, Channel connection) {
        ServerBootstrapConfig config = server.config();
        connection.pipeline().addLast(config.childHandler());
        for (Map.Entry<ChannelOption<?>, Object> option : config.childOptions().entrySet()) {
            connection.config().setOption((ChannelOption) option.getKey(), option.getValue());
        }
        for (Map.Entry<AttributeKey<?>, Object> attr : config.childAttrs().entrySet()) {
            connection.attr((AttributeKey) attr.getKey()).set(attr.getValue());
        }
        return config.childGroup().register(connection);
    }

    /** Registers a listening socket as {@code server}'s own, so it accepts with that server's setup. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static ChannelFuture listener(ServerBootstrap server, ServerChannel listener) {
        ServerBootstrapConfig config = server.config();
        ServerBootstrap adopted = new ServerBootstrap()
                .group(config.group(), config.childGroup())
                .channelFactory((io.netty.channel.ChannelFactory<ServerChannel>) () -> listener)
                .childHandler(config.childHandler());
        if (config.handler() != null) {
            adopted.handler(config.handler());
        }
        config.options().forEach((option, value) -> adopted.option((ChannelOption) option, value));
        config.childOptions().forEach((option, value) -> adopted.childOption((ChannelOption) option, value));
        config.childAttrs().forEach((key, value) -> adopted.childAttr((AttributeKey) key, value));
        return adopted.register(); // not bind(): the socket is bound and listening already
    }
}
