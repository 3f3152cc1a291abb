package com.aibang.egress.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The idle timeout of an established tunnel, on its client side: fires {@link IdleStateEvent}s (handled by
 * {@link IdleCloseHandler}) once no byte moved either way for the timeout. Activity is the tunnel's own byte
 * counts ({@link TunnelStats}), which both relays keep and which also grow while bytes are spliced in the kernel,
 * so the same handler serves relayed and spliced tunnels: one timer per tunnel, nothing per read or write (Netty's
 * {@code IdleStateHandler} adds a listener to every write, and sees nothing of spliced bytes).
 */
public final class TunnelIdleHandler extends ChannelInboundHandlerAdapter {

    private final long timeoutNanos;
    private final TunnelStats stats;
    private ScheduledFuture<?> check;
    private boolean firstEvent = true;

    public TunnelIdleHandler(Duration timeout, TunnelStats stats) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tunnel idle timeout must be positive, got " + timeout);
        }
        this.timeoutNanos = timeout.toNanos();
        this.stats = stats;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            schedule(ctx, remaining());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (check == null) {
            schedule(ctx, remaining());
        }
        ctx.fireChannelActive();
    }

    private long remaining() {
        return timeoutNanos - (System.nanoTime() - stats.lastActivityNanos());
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        check = ctx.executor().schedule(() -> onCheck(ctx), Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
    }

    private void onCheck(ChannelHandlerContext ctx) {
        check = null;
        if (!ctx.channel().isOpen() || ctx.isRemoved()) {
            return;
        }
        long left = remaining();
        if (left > 0) {
            firstEvent = true;
            schedule(ctx, left);
            return;
        }
        // Like IdleStateHandler: again every timeout for as long as nothing moves and nobody closed.
        schedule(ctx, timeoutNanos);
        IdleStateEvent event = firstEvent ? IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT : IdleStateEvent.ALL_IDLE_STATE_EVENT;
        firstEvent = false;
        ctx.fireUserEventTriggered(event);
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
