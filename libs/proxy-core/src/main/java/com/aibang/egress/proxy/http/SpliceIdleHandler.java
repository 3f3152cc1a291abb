package com.aibang.egress.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The tunnel idle timeout once bytes are spliced: they pass no handler, so the tunnel's own byte counts
 * (both directions) say when it was last active. Fires the same event as Netty's idle handler it replaces.
 */
final class SpliceIdleHandler extends ChannelInboundHandlerAdapter {

    private final long timeoutNanos;
    private final TunnelStats stats;
    private ScheduledFuture<?> check;

    SpliceIdleHandler(long timeoutMillis, TunnelStats stats) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.stats = stats;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (timeoutNanos > 0 && ctx.channel().isActive()) {
            schedule(ctx, remaining());
        }
    }

    private long remaining() {
        return timeoutNanos - (System.nanoTime() - stats.lastActivityNanos());
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        check = ctx.executor().schedule(() -> onCheck(ctx), Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
    }

    private void onCheck(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen() || ctx.isRemoved()) {
            return;
        }
        long left = remaining();
        if (left <= 0) {
            ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        } else {
            schedule(ctx, left);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
