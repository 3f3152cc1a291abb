package com.aibang.egress.proxy;

import com.aibang.egress.proxy.http.TunnelSplice;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;

/** Native epoll when it loads on this machine, NIO otherwise. */
public record Transport(String name, Class<? extends ServerSocketChannel> serverChannelClass,
        Class<? extends SocketChannel> channelClass, boolean epoll) {

    /**
     * Native sockets of the IPv4 family. Netty's own choice is an IPv6 socket whenever the machine has IPv6, even for
     * an IPv4 peer or listen address: one more setsockopt (IPV6_V6ONLY) per connection made, and every address
     * mapped to and from ::ffff:a.b.c.d. Made by constructor, not by the reflective factory of .channel(class).
     */
    private static final ChannelFactory<EpollSocketChannel> EPOLL_IPV4 =
            () -> new EpollSocketChannel(InternetProtocolFamily.IPv4);
    private static final ChannelFactory<EpollSocketChannel> EPOLL_DEFAULT = EpollSocketChannel::new;
    private static final ChannelFactory<EpollServerSocketChannel> EPOLL_SERVER_IPV4 =
            () -> new EpollServerSocketChannel(InternetProtocolFamily.IPv4);

    /** The best transport available here. */
    public static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class, true);
        }
        return new Transport("nio", NioServerSocketChannel.class, NioSocketChannel.class, false);
    }

    /**
     * Makes the listen socket for {@code listenHost}: with native epoll and an IPv4 literal (e.g. 0.0.0.0) an IPv4
     * socket, so accepted connections are IPv4 sockets too; otherwise the transport's default (dual-stack) socket.
     */
    public ChannelFactory<? extends ServerSocketChannel> serverSockets(String listenHost) {
        if (epoll && serverChannelClass == EpollServerSocketChannel.class && NetUtil.isValidIpV4Address(listenHost)) {
            return EPOLL_SERVER_IPV4;
        }
        return new ReflectiveChannelFactory<>(serverChannelClass);
    }

    /** Makes a socket of {@code channelClass} to connect to {@code address}: of its family with native epoll. */
    public static ChannelFactory<? extends Channel> socketsFor(Class<? extends Channel> channelClass,
            InetAddress address) {
        if (channelClass == EpollSocketChannel.class) {
            return address instanceof Inet4Address ? EPOLL_IPV4 : EPOLL_DEFAULT;
        }
        return new ReflectiveChannelFactory<>(channelClass);
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
