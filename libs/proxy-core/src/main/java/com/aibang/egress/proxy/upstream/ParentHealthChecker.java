package com.aibang.egress.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Active health checks: every interval, opens a TCP connection (and TLS handshake where configured) to
 * every parent and marks it up or down. Down parents come back only through these checks.
 */
public final class ParentHealthChecker implements AutoCloseable {

    private final List<ParentPool> pools;
    private final UpstreamConnector connector;
    private final EventLoopGroup loops;
    private final Duration interval;
    private ScheduledFuture<?> schedule;

    public ParentHealthChecker(List<ParentPool> pools, UpstreamConnector connector, EventLoopGroup loops,
            Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("parent health check interval must be positive, got " + interval);
        }
        this.pools = pools;
        this.connector = connector;
        this.loops = loops;
        this.interval = interval;
    }

    /** Starts checking; the first round runs after one interval. */
    public synchronized void start() {
        if (schedule == null && !pools.isEmpty()) {
            schedule = loops.next().scheduleWithFixedDelay(this::checkAll, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Probes every parent once now. */
    public void checkAll() {
        for (ParentPool pool : pools) {
            for (ParentMember member : pool.members()) {
                probe(pool, member);
            }
        }
    }

    private void probe(ParentPool pool, ParentMember member) {
        connector.connect(loops.next(), member.endpoint(), pool.connectTimeout())
                .thenCompose(channel -> pool.tls() == null ? java.util.concurrent.CompletableFuture.completedFuture(channel)
                        : ParentTls.handshake(channel, pool.tls(), member.endpoint(), pool.connectTimeout()))
                .whenComplete((channel, error) -> {
                    if (error == null) {
                        pool.markSuccess(member);
                        closeQuietly(channel);
                    } else {
                        pool.markFailure(member, "health check: " + com.aibang.egress.proxy.ProxyFailure.from(error).reason());
                    }
                });
    }

    private static void closeQuietly(Channel channel) {
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
    }
}
