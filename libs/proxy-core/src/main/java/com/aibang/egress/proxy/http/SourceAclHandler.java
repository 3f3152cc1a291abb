package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.ProxyMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/** First in every client pipeline: closes connections from sources outside the allowed ranges, counted. */
@ChannelHandler.Sharable
public final class SourceAclHandler extends ChannelInboundHandlerAdapter {

    public static final String NAME = "source-acl";
    private static final Logger LOG = Logger.getLogger(SourceAclHandler.class);

    private final Predicate<InetAddress> allowed;
    private final ProxyMetrics metrics;

    public SourceAclHandler(Predicate<InetAddress> allowed, ProxyMetrics metrics) {
        this.allowed = allowed;
        this.metrics = metrics;
    }

    /** Checked first when the connection is up; it is closed before anything it sends is parsed. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        if (remote == null || !allowed.test(remote.getAddress())) {
            metrics.sourceRefused();
            LOG.infof("refused connection from %s: source not in the allowed ranges", remote);
            ctx.channel().config().setAutoRead(false);
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }
}
