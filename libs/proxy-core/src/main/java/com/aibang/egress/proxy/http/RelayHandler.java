package com.aibang.egress.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/** Copies raw bytes to the peer channel, pausing reads while the peer cannot keep up; counts them. */
public final class RelayHandler extends ChannelInboundHandlerAdapter {

    private final Channel peer;
    private final TunnelStats stats;
    private final boolean fromClient;

    /**
     * @param peer where the bytes go
     * @param stats byte counts of the tunnel
     * @param fromClient true on the client side (bytes read here go upstream)
     */
    public RelayHandler(Channel peer, TunnelStats stats, boolean fromClient) {
        this.peer = peer;
        this.stats = stats;
        this.fromClient = fromClient;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!peer.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf bytes) {
            if (fromClient) {
                stats.upstream(bytes.readableBytes());
            } else {
                stats.downstream(bytes.readableBytes());
            }
        }
        peer.write(msg);
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Our side drained: the peer may read (and hand us bytes) again.
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stats.closed(fromClient);
        closeOnFlush(peer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Closes after pending writes reach the wire. */
    static void closeOnFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
