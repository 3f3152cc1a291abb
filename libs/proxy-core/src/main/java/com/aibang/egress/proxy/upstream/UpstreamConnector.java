package com.aibang.egress.proxy.upstream;

import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.ProxyChannelInitializer;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.ProxySettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Resolves an endpoint (off the event loop) and connects to it on the caller's event loop, with
 * auto-read off. Failures complete the future with a {@link ProxyFailure} (unreachable or timeout).
 */
public final class UpstreamConnector {

    /** What the new connection's pipeline starts with. */
    public enum Pipeline {
        /** Silence timer and HTTP client codec: plain requests, or a CONNECT to a parent. */
        HTTP,
        /**
         * Nothing but the proxy's buffers: a tunnel straight to its destination, which carries only raw bytes
         * from the start (no codec to build and take off again, no timer to schedule and cancel).
         */
        RAW
    }

    /** Pipeline of a {@link Pipeline#RAW} connection; the relay is added once the tunnel is up. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class RawInitializer extends io.netty.channel.ChannelInitializer<Channel> {
        @Override
        protected void initChannel(Channel ch) {
            com.aibang.egress.proxy.http.ConnectionBuffers.install(ch);
        }
    }

    private static final RawInitializer RAW_INITIALIZER = new RawInitializer();

    private final HostResolver resolver;
    private final Executor resolverExecutor;
    private final Class<? extends SocketChannel> channelClass;
    private final ProxySettings settings;

    public UpstreamConnector(HostResolver resolver, Executor resolverExecutor,
            Class<? extends SocketChannel> channelClass, ProxySettings settings) {
        this.resolver = resolver;
        this.resolverExecutor = resolverExecutor;
        this.channelClass = channelClass;
        this.settings = settings;
    }

    /** The engine's connect timeout. */
    public Duration connectTimeout() {
        return settings.connectTimeout();
    }

    /** Connects with the engine's connect timeout; the future completes on {@code loop}. */
    public CompletableFuture<Channel> connect(EventLoop loop, UpstreamEndpoint endpoint) {
        return connect(loop, endpoint, settings.connectTimeout());
    }

    /** Connects with the given connect timeout; the future completes on {@code loop}. */
    public CompletableFuture<Channel> connect(EventLoop loop, UpstreamEndpoint endpoint, Duration connectTimeout) {
        return connect(loop, endpoint, connectTimeout, Pipeline.HTTP);
    }

    /** Connects with the given connect timeout and starting pipeline; the future completes on {@code loop}. */
    public CompletableFuture<Channel> connect(EventLoop loop, UpstreamEndpoint endpoint, Duration connectTimeout,
            Pipeline pipeline) {
        CompletableFuture<Channel> connected = new CompletableFuture<>();
        boolean literal = isIpLiteral(endpoint.host());
        InetAddress[] known = literal ? null : resolver.resolveWithoutBlocking(endpoint.host());
        if ((literal || known != null) && loop.inEventLoop()) {
            // Nothing to wait for: connect now rather than one task later.
            tryConnect(loop, endpoint, known != null ? known : new InetAddress[] {literal(endpoint.host())}, 0,
                    connectTimeout, pipeline, connected);
            return connected;
        }
        CompletableFuture<InetAddress[]> resolved = literal || known != null
                ? CompletableFuture.completedFuture(known)
                : CompletableFuture.supplyAsync(() -> resolve(endpoint), resolverExecutor);
        resolved.whenCompleteAsync((addresses, error) -> {
            if (error != null) {
                connected.completeExceptionally(unwrap(error));
                return;
            }
            InetAddress[] targets = addresses != null ? addresses : new InetAddress[] {literal(endpoint.host())};
            tryConnect(loop, endpoint, targets, 0, connectTimeout, pipeline, connected);
        }, loop);
        return connected;
    }

    /**
     * Connects to exactly these addresses, in order, moving to the next on failure; no lookup is made
     * (DNS pinning: the addresses the guard checked are the ones connected to).
     */
    public CompletableFuture<Channel> connectTo(EventLoop loop, UpstreamEndpoint endpoint,
            java.util.List<InetAddress> addresses) {
        return connectTo(loop, endpoint, addresses, Pipeline.HTTP);
    }

    /** {@link #connectTo(EventLoop, UpstreamEndpoint, java.util.List)} with the given starting pipeline. */
    public CompletableFuture<Channel> connectTo(EventLoop loop, UpstreamEndpoint endpoint,
            java.util.List<InetAddress> addresses, Pipeline pipeline) {
        CompletableFuture<Channel> connected = new CompletableFuture<>();
        InetAddress[] targets = addresses.toArray(InetAddress[]::new);
        if (loop.inEventLoop()) {
            tryConnect(loop, endpoint, targets, 0, settings.connectTimeout(), pipeline, connected);
        } else {
            loop.execute(() -> tryConnect(loop, endpoint, targets, 0, settings.connectTimeout(), pipeline, connected));
        }
        return connected;
    }

    private void tryConnect(EventLoop loop, UpstreamEndpoint endpoint, InetAddress[] addresses, int index,
            Duration connectTimeout, Pipeline pipeline, CompletableFuture<Channel> connected) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channelFactory(com.aibang.egress.proxy.Transport.socketsFor(channelClass, addresses[index]))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(pipeline == Pipeline.RAW ? RAW_INITIALIZER
                        : new ProxyChannelInitializer.UpstreamInitializer(settings));
        if (!EpollSocketChannel.class.isAssignableFrom(channelClass)) {
            // Native epoll sockets start with TCP_NODELAY on (Netty's default there): setting it again is one more syscall.
            bootstrap.option(ChannelOption.TCP_NODELAY, true);
        }
        com.aibang.egress.proxy.Transport.tuneConnections(bootstrap, channelClass);
        bootstrap.connect(new InetSocketAddress(addresses[index], endpoint.port())).addListener(attempt -> {
            if (attempt.isSuccess()) {
                connected.complete(((io.netty.channel.ChannelFuture) attempt).channel());
            } else if (index + 1 < addresses.length) {
                tryConnect(loop, endpoint, addresses, index + 1, connectTimeout, pipeline, connected);
            } else {
                connected.completeExceptionally(connectFailure(endpoint, attempt.cause(), connectTimeout));
            }
        });
    }

    private InetAddress[] resolve(UpstreamEndpoint endpoint) {
        try {
            InetAddress[] addresses = resolver.resolve(endpoint.host());
            if (addresses == null || addresses.length == 0) {
                throw new UnknownHostException("no addresses");
            }
            return addresses;
        } catch (UnknownHostException | RuntimeException e) {
            throw new java.util.concurrent.CompletionException(new ProxyFailure(FailureKind.UNREACHABLE,
                    "DNS failure for " + endpoint.describe() + ": " + e.getMessage(), e));
        }
    }

    private static ProxyFailure connectFailure(UpstreamEndpoint endpoint, Throwable cause, Duration connectTimeout) {
        if (cause instanceof ConnectTimeoutException) {
            return new ProxyFailure(FailureKind.TIMEOUT, "connect to " + endpoint.describe() + " timed out after "
                    + connectTimeout.toMillis() + " ms", cause);
        }
        return new ProxyFailure(FailureKind.UNREACHABLE, endpoint.describe() + " unreachable: "
                + (cause == null ? "unknown error" : cause.getMessage()), cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static boolean isIpLiteral(String host) {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByAddress(NetUtil.createByteArrayFromIpAddressString(host));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an IP literal: " + host, e);
        }
    }
}
