package com.aibang.egress.proxy;

import com.aibang.egress.proxy.http.TunnelSplice;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Native epoll when it loads on this machine, NIO otherwise. */
public record Transport(String name, Class<? extends ServerSocketChannel> serverChannelClass,
        Class<? extends SocketChannel> channelClass, boolean epoll) {

    /** The best transport available here. */
    public static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class, true);
        }
        return new Transport("nio", NioServerSocketChannel.class, NioSocketChannel.class, false);
    }

    /** A new event loop group of this transport; 0 threads means Netty's default. */
    public EventLoopGroup newGroup(int threads) {
        return epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    }

    /**
     * Options accepted proxy connections need before they are registered: TCP_NODELAY, and level-triggered epoll,
     * without which a tunnel cannot be relayed with splice(2) (Netty allows the mode to change only before
     * registration).
     */
    public ServerBootstrap tuneChildren(ServerBootstrap bootstrap) {
        if (!epoll) {
            return bootstrap.childOption(ChannelOption.TCP_NODELAY, true);
        }
        // Native epoll sockets start with TCP_NODELAY on (Netty's default there): setting it again is one more
        // setsockopt per accepted connection.
        return TunnelSplice.enabled()
                ? bootstrap.childOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED) : bootstrap;
    }

    /** The same for connections the proxy opens (to a destination or a parent) with {@code channelClass}. */
    public static Bootstrap tuneConnections(Bootstrap bootstrap, Class<? extends Channel> channelClass) {
        return EpollSocketChannel.class.isAssignableFrom(channelClass) && TunnelSplice.enabled()
                ? bootstrap.option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED) : bootstrap;
    }
}
