package com.aibang.egress.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/** Closes a client connection or tunnel that has been idle for the configured time. */
public final class IdleCloseHandler extends ChannelInboundHandlerAdapter {

    private final Runnable onIdle;

    public IdleCloseHandler() {
        this(null);
    }

    /** With a callback run before closing (e.g. to count a tunnel idle timeout). */
    public IdleCloseHandler(Runnable onIdle) {
        this.onIdle = onIdle;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (onIdle != null) {
                onIdle.run();
            }
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }
}
