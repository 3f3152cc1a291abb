package com.aibang.egress.proxy;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.SystemPropertyUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker event loops of one proxy, made before the server so that the policy client can run its
 * connections on the same threads: a {@code Check} then starts and completes on the loop serving the
 * client connection, without crossing threads. Whoever creates it closes it, after the server stopped.
 */
public final class ProxyEventLoops implements AutoCloseable {

    /** Netty's system property for the number of event loops; when set, it decides. */
    public static final String THREADS_PROPERTY = "io.netty.eventLoopThreads";
    private static final long SHUTDOWN_QUIET_MILLIS = 100;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 5000;

    private final Transport transport;
    private final EventLoopGroup group;

    private ProxyEventLoops(Transport transport, EventLoopGroup group) {
        this.transport = transport;
        this.group = group;
    }

    /**
     * Event loops of the best transport here; {@code threads} 0 means one per available processor, or
     * {@value #THREADS_PROPERTY} when that system property is set (Netty's own default would be twice the cores).
     */
    public static ProxyEventLoops create(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("event loop threads must not be negative, got " + threads);
        }
        Transport transport = Transport.best();
        return new ProxyEventLoops(transport, transport.newGroup(threads == 0 ? defaultThreads() : threads));
    }

    /**
     * One loop per core: a proxy's loops never block, so more loops than cores only add context switches and
     * split the work into smaller batches per wake-up (measured: less CPU per request and tunnel with 2 than
     * with 4 loops on 2 cores).
     */
    static int defaultThreads() {
        int configured = SystemPropertyUtil.getInt(THREADS_PROPERTY, 0);
        return configured > 0 ? configured : NettyRuntime.availableProcessors();
    }

    public Transport transport() {
        return transport;
    }

    public EventLoopGroup group() {
        return group;
    }

    /** Every loop of the group. */
    public List<EventLoop> loops() {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor executor : group) {
            loops.add((EventLoop) executor);
        }
        return loops;
    }

    @Override
    public void close() {
        group.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .syncUninterruptibly();
    }
}
