package com.aibang.egress.proxy;

import com.aibang.egress.proxy.http.DrainEvent;
import com.aibang.egress.proxy.policy.CachingPolicyGate;
import com.aibang.egress.proxy.policy.DecisionCache;
import com.aibang.egress.proxy.policy.PolicyGate;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.upstream.HostResolver;
import com.aibang.egress.proxy.upstream.ParentHealthChecker;
import com.aibang.egress.proxy.upstream.RouteTable;
import com.aibang.egress.proxy.upstream.UpstreamConnector;
import com.aibang.egress.proxy.upstream.UpstreamRoute;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/** A running forward proxy: binds, serves until {@link #stop()}, then drains and shuts down gracefully. */
public final class ProxyServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProxyServer.class);
    private static final int RESOLVER_THREADS = 8;
    private static final long SHUTDOWN_QUIET_MILLIS = 100;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 5000;
    private static final long DRAIN_POLL_MILLIS = 50;

    private final ProxyServerOptions options;
    private final Transport transport;
    private EventLoopGroup workerGroup;
    /** False when the worker loops were handed in (their creator closes them). */
    private boolean ownsWorkers;
    private PolicyGate gate;
    private ExecutorService resolverExecutor;
    private ParentHealthChecker healthChecker;
    private ChannelGroup clients;
    private volatile Channel serverChannel;
    private volatile ChannelGroup clientsView;

    public ProxyServer(ProxySettings settings, PolicyGate gate, SourceIdentityResolver identity, UpstreamRoute route,
            HostResolver resolver) {
        this(ProxyServerOptions.builder(settings, gate).identity(identity).routes(RouteTable.fixed(route))
                .resolver(resolver).build());
    }

    public ProxyServer(ProxyServerOptions options) {
        this.options = options;
        this.transport = options.eventLoops() == null ? Transport.best() : options.eventLoops().transport();
    }

    /**
     * Binds the listen address and starts the parents' health checks.
     *
     * @return the bound address (useful when the configured port is 0)
     */
    public synchronized InetSocketAddress start() throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("proxy server already started");
        }
        ProxySettings settings = options.settings();
        ownsWorkers = options.eventLoops() == null;
        workerGroup = ownsWorkers ? transport.newGroup(0) : options.eventLoops().group();
        resolverExecutor = newResolverExecutor();
        clients = new DefaultChannelGroup(settings.tier().label() + "-clients", GlobalEventExecutor.INSTANCE);
        clientsView = clients;
        UpstreamConnector connector = new UpstreamConnector(options.resolver(), resolverExecutor,
                transport.channelClass(), settings);
        gate = gate();
        ProxyEngine engine = new ProxyEngine(settings, gate, options.identity(), options.authenticator(),
                options.routes(), connector,
                options.limits(), options.metrics(), new AccessLog(settings.tier(), options.accessLogFormat(),
                        options.metrics()::accessLogDropped),
                guard(), options.inspector(), options.listener(), options.cache());
        options.metrics().watchParents(options.routes().pools());
        // The listen socket lives on one worker loop: accepting there saves a thread hop per new connection.
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(workerGroup, workerGroup)
                .channelFactory(transport.serverSockets(settings.listenHost()))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ProxyChannelInitializer(engine, clients));
        // TCP_NODELAY and the epoll mode of accepted connections.
        transport.tuneChildren(bootstrap);
        try {
            serverChannel = bootstrap.bind(settings.listenHost(), settings.listenPort()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            stop();
            throw e;
        }
        healthChecker = new ParentHealthChecker(options.routes().pools(), connector, workerGroup,
                options.healthCheckInterval());
        healthChecker.start();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.infof("%s proxy listening on %s:%d (%s transport)", settings.tier().label(), bound.getHostString(),
                bound.getPort(), transport.name());
        return bound;
    }

    /** The bound address, null before start and once stop begins. */
    public InetSocketAddress boundAddress() {
        Channel channel = serverChannel;
        return channel == null ? null : (InetSocketAddress) channel.localAddress();
    }

    /** True once started and until stop begins (not synchronized: health checks ask while stop drains). */
    public boolean accepting() {
        Channel channel = serverChannel;
        return channel != null && channel.isActive();
    }

    /** Open client connections (including tunnels). */
    public int openConnections() {
        ChannelGroup group = clientsView;
        return group == null ? 0 : group.size();
    }

    /** Stops with the configured drain time. */
    public void stop() {
        stop(options.drainTimeout());
    }

    /**
     * Stops accepting, closes idle connections, lets requests in flight and open tunnels finish for up to
     * {@code drain}, then closes whatever is left and releases the threads.
     */
    public synchronized void stop(Duration drain) {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (healthChecker != null) {
            healthChecker.close();
            healthChecker = null;
        }
        if (clients != null) {
            drain(drain);
            clients.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
            clients = null;
            clientsView = null;
        }
        if (!AccessLog.awaitWritten(Duration.ofMillis(SHUTDOWN_TIMEOUT_MILLIS))) {
            LOG.warn("access lines still queued at shutdown; some may be lost");
        }
        if (workerGroup != null && ownsWorkers) {
            workerGroup.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                    .syncUninterruptibly();
        }
        workerGroup = null;
        if (resolverExecutor != null) {
            resolverExecutor.shutdownNow();
            resolverExecutor = null;
        }
    }

    private void drain(Duration drain) {
        if (clients.isEmpty()) {
            return;
        }
        LOG.infof("draining %d client connection(s) for up to %d ms", clients.size(), drain.toMillis());
        clients.forEach(channel -> channel.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
        long deadline = System.nanoTime() + drain.toNanos();
        while (!clients.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(DRAIN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!clients.isEmpty()) {
            LOG.infof("drain time over; closing %d connection(s)", clients.size());
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The gate the engine asks: the configured one, behind the decision cache unless that is off. */
    public PolicyGate policyGate() {
        return gate == null ? options.gate() : gate;
    }

    private PolicyGate gate() {
        if (!options.decisionCacheEnabled()) {
            return options.gate();
        }
        return new CachingPolicyGate(options.gate(), new DecisionCache(options.decisionCacheMaxEntries(),
                System::nanoTime), options.metrics());
    }

    private com.aibang.egress.proxy.guard.DestinationGuard guard() {
        return switch (options.guard()) {
            case OFF -> null;
            case PIN_ONLY -> new com.aibang.egress.proxy.guard.DestinationGuard(options.resolver(), resolverExecutor, false);
            case PIN_AND_BLOCK_INTERNAL -> new com.aibang.egress.proxy.guard.DestinationGuard(options.resolver(),
                    resolverExecutor, true);
        };
    }

    private ExecutorService newResolverExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(RESOLVER_THREADS, RESOLVER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, options.settings().tier().label() + "-resolver-"
                            + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
