package com.aibang.egress.proxy;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker event loops of one proxy, made before the server so that the policy client can run its
 * connections on the same threads: a {@code Check} then starts and completes on the loop serving the
 * client connection, without crossing threads. Whoever creates it closes it, after the server stopped.
 */
public final class ProxyEventLoops implements AutoCloseable {

    private static final long SHUTDOWN_QUIET_MILLIS = 100;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 5000;

    private final Transport transport;
    private final EventLoopGroup group;

    private ProxyEventLoops(Transport transport, EventLoopGroup group) {
        this.transport = transport;
        this.group = group;
    }

    /** Event loops of the best transport here; {@code threads} 0 means Netty's default (twice the cores). */
    public static ProxyEventLoops create(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("event loop threads must not be negative, got " + threads);
        }
        Transport transport = Transport.best();
        return new ProxyEventLoops(transport, transport.newGroup(threads));
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
