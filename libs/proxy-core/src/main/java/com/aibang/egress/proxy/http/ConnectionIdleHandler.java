package com.aibang.egress.proxy.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Fires {@link IdleStateEvent#FIRST_ALL_IDLE_STATE_EVENT} once a client connection has neither read nor written
 * for the timeout (then again every timeout, like Netty's {@code IdleStateHandler} with all-idle only). Cheaper
 * for keep-alive connections: a write only notes the time, where {@code IdleStateHandler} adds a listener to
 * every write's promise (a promise and a callback per response part).
 */
public final class ConnectionIdleHandler extends ChannelDuplexHandler {

    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private long lastActivity;
    private boolean reading;
    private boolean firstEvent = true;
    private boolean destroyed;
    /** Bytes moved past the pipeline (a spliced response body); while set, their movement counts as activity. */
    private LongSupplier progress;
    private long lastProgress;

    public ConnectionIdleHandler(long timeout, TimeUnit unit) {
        this.timeoutNanos = Math.max(unit.toNanos(timeout), TimeUnit.MILLISECONDS.toNanos(1));
    }

    /**
     * While {@code progress} is set (null ends it), the connection is active whenever its value moved since the
     * last check: bytes spliced in the kernel pass no handler.
     */
    static void watchProgress(ChannelPipeline pipeline, LongSupplier progress) {
        ConnectionIdleHandler handler = pipeline.get(ConnectionIdleHandler.class);
        if (handler != null) {
            handler.progress = progress;
            handler.lastProgress = progress == null ? 0 : progress.getAsLong();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        destroy();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        destroy();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (reading) {
            lastActivity = System.nanoTime();
            reading = false;
            firstEvent = true;
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivity = System.nanoTime();
        firstEvent = true;
        ctx.write(msg, promise);
    }

    private void start() {
        if (timer != null || destroyed) {
            return;
        }
        lastActivity = System.nanoTime();
        timer = ctx.executor().schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void destroy() {
        destroyed = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void check() {
        if (destroyed || !ctx.channel().isOpen()) {
            return;
        }
        if (progress != null && progress.getAsLong() != lastProgress) {
            lastProgress = progress.getAsLong();
            lastActivity = System.nanoTime();
        }
        long idleFor = System.nanoTime() - lastActivity;
        long left = timeoutNanos - idleFor;
        if (reading || left > 0) {
            timer = ctx.executor().schedule(this::check, reading ? timeoutNanos : left, TimeUnit.NANOSECONDS);
            return;
        }
        timer = ctx.executor().schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
        IdleStateEvent event = firstEvent ? IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT : IdleStateEvent.ALL_IDLE_STATE_EVENT;
        firstEvent = false;
        ctx.fireUserEventTriggered(event);
    }
}
