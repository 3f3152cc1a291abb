package com.aibang.egress.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import org.jboss.logging.Logger;

/** Last handler of an upstream HTTP connection; hands everything to its owning client side. */
public final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(UpstreamHandler.class);

    private final UpstreamListener listener;

    public UpstreamHandler(UpstreamListener listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        listener.onUpstreamMessage(ctx.channel(), msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        listener.onUpstreamReadComplete(ctx.channel());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        listener.onUpstreamWritabilityChanged(ctx.channel());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            listener.onUpstreamIdle(ctx.channel());
        } else if (evt instanceof ChannelInputShutdownEvent) {
            listener.onUpstreamInputShutdown(ctx.channel());
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        listener.onUpstreamClosed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debugf(cause, "upstream connection %s failed", ctx.channel().remoteAddress());
        ctx.close();
    }
}
