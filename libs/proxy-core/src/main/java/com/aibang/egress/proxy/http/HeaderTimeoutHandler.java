package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.ProxyEngine;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.ProxyLimits;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.Refusals;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Slowloris protection: a request head must arrive completely within the header timeout, counted from
 * the connection's start for the first request and from the first byte for later ones; otherwise 408.
 * Sits before the HTTP codec; the frontend tells it when a head was decoded and when the next is due.
 * One timer per connection is kept and moved forward rather than scheduled and cancelled for every request
 * (a task, a queue insert and a removal per request on a keep-alive connection).
 */
public final class HeaderTimeoutHandler extends ChannelInboundHandlerAdapter {

    /** Pipeline name. */
    public static final String NAME = "header-timeout";

    private final ProxyEngine engine;
    private boolean expecting = true;
    /** A head is due and its clock runs (until {@link #deadline}). */
    private boolean armed;
    private long deadline;
    private ScheduledFuture<?> timer;
    private ChannelHandlerContext ctx;

    public HeaderTimeoutHandler(ProxyEngine engine) {
        this.engine = engine;
    }

    /** A complete head was decoded on this connection. */
    static void headReceived(ChannelPipeline pipeline) {
        if (pipeline.get(NAME) instanceof HeaderTimeoutHandler handler) {
            handler.expecting = false;
            // The timer stays scheduled; it finds nothing armed when it fires.
            handler.armed = false;
        }
    }

    /** The next head is due; its clock starts with its first byte. */
    static void expectHead(ChannelPipeline pipeline) {
        if (pipeline.get(NAME) instanceof HeaderTimeoutHandler handler) {
            handler.expecting = true;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (expecting && !armed && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            arm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void arm() {
        armed = true;
        long timeoutNanos = engine.limits().headerTimeout().toNanos();
        deadline = System.nanoTime() + timeoutNanos;
        if (timer == null) {
            timer = ctx.executor().schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void cancel() {
        armed = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The timer fired: the head is late, or the clock was restarted since (then wait for the rest). */
    private void check() {
        timer = null;
        if (!armed) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            timer = ctx.executor().schedule(this::check, left, TimeUnit.NANOSECONDS);
            return;
        }
        armed = false;
        expired();
    }

    private void expired() {
        if (!expecting || !ctx.channel().isActive()) {
            return;
        }
        ProxyFailure failure = new ProxyFailure(FailureKind.HEADER_TIMEOUT, "request head not received within "
                + engine.limits().headerTimeout().toMillis() + " ms");
        engine.metrics().limitBreached(ProxyLimits.HEADER_TIMEOUT);
        var response = Refusals.responseFor(engine.settings().tier(), failure);
        String ip = SourceIdentityResolver.ipOf((InetSocketAddress) ctx.channel().remoteAddress());
        AccessEntry entry = new AccessEntry().source(ip, "", "").status(response.status().code(), failure.reason());
        engine.accessLog().write(entry);
        engine.metrics().requestDone(ProxyMetrics.KIND_REQUEST, entry.decision(), response.status().code());
        ctx.channel().config().setAutoRead(false);
        // Through the whole pipeline, so the HTTP codec encodes it.
        Refusals.send(ctx.channel(), response);
    }
}
