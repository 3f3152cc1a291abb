package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.SpliceBatchSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Copies raw bytes to the peer channel, pausing reads while the peer cannot keep up; counts them. Once a
 * direction carries bulk and nothing else handles its bytes, the copy moves into the kernel ({@link TunnelSplice})
 * where it can.
 */
public final class RelayHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(RelayHandler.class);

    private final Channel peer;
    private final TunnelStats stats;
    private final boolean fromClient;
    /** Bytes this side relayed through the JVM; splicing waits for {@link TunnelSplice#AFTER_BYTES}. */
    private long relayed;
    /** Splicing started, or found impossible for good: no more checks. */
    private boolean spliceSettled;
    private boolean splicing;
    /** While splicing: wake-ups per batch of bytes rather than per arriving piece. */
    private SpliceReadBatching batching;

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
        relay(ctx, msg);
        if (!spliceSettled && relayed >= TunnelSplice.AFTER_BYTES) {
            trySplice(ctx);
        }
    }

    private void relay(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            relayed += bytes.readableBytes();
            count(bytes.readableBytes());
        }
        peer.write(msg);
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void count(long bytes) {
        if (fromClient) {
            stats.upstream(bytes);
        } else {
            stats.downstream(bytes);
        }
    }

    private void countSpliced(long bytes) {
        count(bytes);
        if (batching != null) {
            batching.spliced(bytes);
        }
    }

    /** Bulk is flowing and (tier 2) the inspector has let it pass: from here on the kernel may copy it. */
    private void trySplice(ChannelHandlerContext ctx) {
        switch (TunnelSplice.check(ctx.channel(), peer, relayed)) {
            case SPLICE -> {
                spliceSettled = true;
                splicing = true;
                peer.flush(); // what was read through the JVM goes first
                SpliceBatchSettings batchSettings = SpliceBatchSettings.current();
                if (batchSettings.enabled()) {
                    batching = new SpliceReadBatching(ctx.channel(), batchSettings);
                }
                TunnelSplice.start(ctx, peer, this::countSpliced);
            }
            case NEVER -> spliceSettled = true;
            case NOT_YET -> {
                // another handler still sees the bytes; ask again with the next read
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        if (batching != null) {
            batching.afterRead();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Our side drained: the peer may read (and hand us bytes) again.
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * While splicing, half-closure is on so that Netty reports the end of input instead of closing with bytes
     * still unread; those are relayed here, then the tunnel ends as it does without splicing.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && splicing) {
            try {
                if (peer.isActive()) {
                    TunnelSplice.drainRemaining(ctx.channel(), bytes -> relay(ctx, bytes));
                    peer.flush();
                }
            } catch (IOException e) {
                LOG.debugf(e, "tunnel %s: reading the last bytes failed", ctx.channel().remoteAddress());
            }
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
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
