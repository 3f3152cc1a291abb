package com.aibang.egress.policyservice.grpc;

import com.aibang.egress.policyservice.config.PolicyConfig;
import com.aibang.egress.policyservice.health.GrpcHealthService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Serves policy.v1.PolicyService and grpc.health.v1.Health on a plain grpc-java Netty server: calls are dispatched on
 * the connection's event loop (direct executor: no per-call interceptors, request context or Vert.x context hops), on
 * native epoll where it loads, else NIO. Starts last at startup (after the policy is loaded and warmed up); on shutdown
 * it goes first: stops accepting, lets the calls in flight finish (bounded by policy.grpc.shutdown-timeout), and only
 * then do later shutdown steps run, among them the decision log's final flush, so every answered decision is logged.
 */
@Singleton
public class PolicyGrpcServer {

    private static final Logger LOG = Logger.getLogger(PolicyGrpcServer.class);
    /** After the policy engine (default priority) and the evaluation warm-up (APPLICATION + 600). */
    private static final int START_PRIORITY = Interceptor.Priority.APPLICATION + 1000;
    private static final long LOOP_STOP_SECONDS = 5;

    private final PolicyGrpcService policy;
    private final GrpcHealthService health;
    private final GrpcServerSettings settings;
    private EventLoopGroup loops;
    private volatile Server server;

    PolicyGrpcServer(PolicyGrpcService policy, GrpcHealthService health, PolicyConfig config, Config rawConfig) {
        this.policy = policy;
        this.health = health;
        this.settings = GrpcServerSettings.resolve(config.grpc(), rawConfig);
    }

    void start(@Observes @Priority(START_PRIORITY) StartupEvent event) {
        settings.deprecationWarning().ifPresent(LOG::warn);
        boolean epoll = Epoll.isAvailable();
        DefaultThreadFactory threads = new DefaultThreadFactory("grpc-eventloop", true);
        loops = epoll ? new EpollEventLoopGroup(settings.eventLoops(), threads)
                : new NioEventLoopGroup(settings.eventLoops(), threads);
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.port()))
                .channelType(channel)
                .bossEventLoopGroup(loops)
                .workerEventLoopGroup(loops)
                .directExecutor()
                .maxInboundMessageSize(settings.maxInboundMessageSize())
                // A fixed window turns off grpc-java's BDP auto-tuning, which sends a PING whenever it reads data with
                // no PING outstanding: with small unary calls, nearly one extra frame each way per Check.
                .flowControlWindow(settings.flowControlWindow())
                .addService(policy)
                .addService(health);
        if (settings.maxConcurrentCallsPerConnection() > 0) {
            builder.maxConcurrentCallsPerConnection(settings.maxConcurrentCallsPerConnection());
        }
        try {
            server = builder.build().start();
        } catch (IOException e) {
            stopLoops();
            throw new UncheckedIOException("cannot listen for gRPC on " + settings.host() + ":" + settings.port() + " ("
                    + GrpcServerSettings.HOST + ", " + GrpcServerSettings.PORT + "): " + e.getMessage(), e);
        }
        LOG.infof("gRPC server (policy.v1.PolicyService, grpc.health.v1.Health) listening on %s:%d, %d event loop%s (%s)",
                settings.host(), server.getPort(), settings.eventLoops(), settings.eventLoops() == 1 ? "" : "s",
                epoll ? "native epoll" : "NIO, native epoll did not load: " + Epoll.unavailabilityCause());
    }

    /** First at shutdown, before the beans (and with them the decision log) are closed. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        Server running = server;
        if (running == null) {
            return;
        }
        health.stopping();
        running.shutdown();
        long timeoutMillis = settings.shutdownTimeout().toMillis();
        try {
            if (!running.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                LOG.warnf("gRPC calls still in flight after %s (%s): cutting them off", settings.shutdownTimeout(),
                        GrpcServerSettings.SHUTDOWN_TIMEOUT);
                running.shutdownNow().awaitTermination(LOOP_STOP_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.shutdownNow();
        }
        stopLoops();
        LOG.info("gRPC server stopped");
    }

    private void stopLoops() {
        if (loops != null) {
            loops.shutdownGracefully(0, LOOP_STOP_SECONDS, TimeUnit.SECONDS).awaitUninterruptibly(LOOP_STOP_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    /** Whether the server is listening (started and not shutting down). */
    public boolean listening() {
        Server running = server;
        return running != null && !running.isShutdown();
    }

    /** The port listened on (the chosen one with policy.grpc.port=0); -1 before the start. */
    public int port() {
        Server running = server;
        return running == null ? -1 : running.getPort();
    }

    /** The gRPC services served (full names), none before the start. */
    public List<String> services() {
        Server running = server;
        return running == null ? List.of()
                : running.getServices().stream().map(service -> service.getServiceDescriptor().getName()).toList();
    }
}
