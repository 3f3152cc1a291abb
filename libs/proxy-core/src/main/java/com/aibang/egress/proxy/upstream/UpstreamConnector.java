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

    /** Connects with the engine's connect timeout; the future completes on {@code loop}. */
    public CompletableFuture<Channel> connect(EventLoop loop, UpstreamEndpoint endpoint) {
        return connect(loop, endpoint, settings.connectTimeout());
    }

    /** Connects with the given connect timeout; the future completes on {@code loop}. */
    public CompletableFuture<Channel> connect(EventLoop loop, UpstreamEndpoint endpoint, Duration connectTimeout) {
        CompletableFuture<Channel> connected = new CompletableFuture<>();
        InetAddress[] known = isIpLiteral(endpoint.host()) ? null : resolver.resolveWithoutBlocking(endpoint.host());
        CompletableFuture<InetAddress[]> resolved = isIpLiteral(endpoint.host()) || known != null
                ? CompletableFuture.completedFuture(known)
                : CompletableFuture.supplyAsync(() -> resolve(endpoint), resolverExecutor);
        resolved.whenCompleteAsync((addresses, error) -> {
            if (error != null) {
                connected.completeExceptionally(unwrap(error));
                return;
            }
            InetAddress[] targets = addresses != null ? addresses : new InetAddress[] {literal(endpoint.host())};
            tryConnect(loop, endpoint, targets, 0, connectTimeout, connected);
        }, loop);
        return connected;
    }

    /**
     * Connects to exactly these addresses, in order, moving to the next on failure; no lookup is made
     * (DNS pinning: the addresses the guard checked are the ones connected to).
     */
    public CompletableFuture<Channel> connectTo(EventLoop loop, UpstreamEndpoint endpoint,
            java.util.List<InetAddress> addresses) {
        CompletableFuture<Channel> connected = new CompletableFuture<>();
        InetAddress[] targets = addresses.toArray(InetAddress[]::new);
        loop.execute(() -> tryConnect(loop, endpoint, targets, 0, settings.connectTimeout(), connected));
        return connected;
    }

    private void tryConnect(EventLoop loop, UpstreamEndpoint endpoint, InetAddress[] addresses, int index,
            Duration connectTimeout, CompletableFuture<Channel> connected) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ProxyChannelInitializer.UpstreamInitializer(settings));
        com.aibang.egress.proxy.Transport.tuneConnections(bootstrap, channelClass);
        bootstrap.connect(new InetSocketAddress(addresses[index], endpoint.port())).addListener(attempt -> {
            if (attempt.isSuccess()) {
                connected.complete(((io.netty.channel.ChannelFuture) attempt).channel());
            } else if (index + 1 < addresses.length) {
                tryConnect(loop, endpoint, addresses, index + 1, connectTimeout, connected);
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
