package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.ProxyEngine;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.ProxyLimits;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.Refusals;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/** Counts client connections per source IP; one beyond the limit is answered 429 and closed. Shared by all. */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    /** Pipeline name. */
    public static final String NAME = "connection-limit";

    private static final AttributeKey<String> COUNTED = AttributeKey.valueOf("proxy.counted-source");

    private final ProxyEngine engine;
    private final ConcurrentHashMap<String, Integer> perSource = new ConcurrentHashMap<>();

    public ConnectionLimiter(ProxyEngine engine) {
        this.engine = engine;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String ip = SourceIdentityResolver.ipOf((InetSocketAddress) ctx.channel().remoteAddress());
        int count = perSource.merge(ip, 1, Integer::sum);
        ctx.channel().attr(COUNTED).set(ip);
        engine.metrics().connectionOpened();
        int max = engine.limits().maxConnectionsPerSource();
        if (max > 0 && count > max) {
            refuse(ctx, ip, max);
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        String ip = ctx.channel().attr(COUNTED).getAndSet(null);
        if (ip != null) {
            engine.metrics().connectionClosed();
            perSource.computeIfPresent(ip, (key, count) -> count <= 1 ? null : count - 1);
        }
        ctx.fireChannelInactive();
    }

    private void refuse(ChannelHandlerContext ctx, String ip, int max) {
        ctx.channel().config().setAutoRead(false);
        ProxyFailure failure = new ProxyFailure(FailureKind.TOO_MANY_CONNECTIONS, "source " + ip + " already has "
                + max + " connections");
        engine.metrics().limitBreached(ProxyLimits.CONNECTIONS_PER_SOURCE);
        var response = Refusals.responseFor(engine.settings().tier(), failure);
        AccessEntry entry = new AccessEntry().source(ip, "", "").status(response.status().code(), failure.reason());
        engine.accessLog().write(entry);
        engine.metrics().requestDone(ProxyMetrics.KIND_REQUEST, entry.decision(), response.status().code());
        Refusals.send(ctx.channel(), response);
    }
}
