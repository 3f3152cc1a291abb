package com.aibang.egress.proxy;

import com.aibang.egress.proxy.http.ProxyFrontendHandler;
import com.aibang.egress.proxy.policy.PolicyGate;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.upstream.HostResolver;
import com.aibang.egress.proxy.upstream.UpstreamConnector;
import com.aibang.egress.proxy.upstream.UpstreamRoute;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/** A running forward proxy: binds, serves until {@link #stop()}, then shuts down gracefully. */
public final class ProxyServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProxyServer.class);
    private static final int RESOLVER_THREADS = 8;
    private static final long SHUTDOWN_QUIET_MILLIS = 100;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 5000;

    private final ProxySettings settings;
    private final PolicyGate gate;
    private final SourceIdentityResolver identity;
    private final UpstreamRoute route;
    private final HostResolver resolver;
    private final Transport transport = Transport.best();
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private ExecutorService resolverExecutor;
    private Channel serverChannel;

    public ProxyServer(ProxySettings settings, PolicyGate gate, SourceIdentityResolver identity, UpstreamRoute route,
            HostResolver resolver) {
        this.settings = settings;
        this.gate = gate;
        this.identity = identity;
        this.route = route;
        this.resolver = resolver;
    }

    /**
     * Binds the listen address.
     *
     * @return the bound address (useful when the configured port is 0)
     */
    public synchronized InetSocketAddress start() throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("proxy server already started");
        }
        bossGroup = transport.newGroup(1);
        workerGroup = transport.newGroup(0);
        resolverExecutor = newResolverExecutor();
        UpstreamConnector connector = new UpstreamConnector(resolver, resolverExecutor, transport.channelClass(), settings);
        ProxyEngine engine = new ProxyEngine(settings, gate, identity, route, connector);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ProxyChannelInitializer(settings, () -> new ProxyFrontendHandler(engine)));
        try {
            serverChannel = bootstrap.bind(settings.listenHost(), settings.listenPort()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            stop();
            throw e;
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.infof("%s proxy listening on %s:%d (%s transport)", settings.tier().label(), bound.getHostString(),
                bound.getPort(), transport.name());
        return bound;
    }

    /** The bound address, null before start. */
    public synchronized InetSocketAddress boundAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting, lets in-flight work finish for a short while, then closes everything. */
    public synchronized void stop() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).syncUninterruptibly();
            bossGroup = null;
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                    .syncUninterruptibly();
            workerGroup = null;
        }
        if (resolverExecutor != null) {
            resolverExecutor.shutdownNow();
            resolverExecutor = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private ExecutorService newResolverExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(RESOLVER_THREADS, RESOLVER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, settings.tier().label() + "-resolver-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
