package com.aibang.egress.proxy.upstream;

import com.aibang.egress.proxy.target.Target;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.CompletableFuture;

/** Connects straight to the destination (tier 2, or tier 1 where a decision may choose {@code direct}). */
public final class DirectRoute implements UpstreamRoute {

    /** Route name of direct connections. */
    public static final String NAME = "direct";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String connectionKey(Target target) {
        return NAME + ":" + target.authority();
    }

    @Override
    public CompletableFuture<Connected> connect(EventLoop loop, Target target, UpstreamConnector connector) {
        UpstreamEndpoint endpoint = new UpstreamEndpoint(target.host(), target.port(), false);
        return connector.connect(loop, endpoint).thenApply(channel -> new Connected(channel, endpoint));
    }

    @Override
    public CompletableFuture<Connected> connect(EventLoop loop, Target target, UpstreamConnector connector,
            com.aibang.egress.proxy.guard.PinnedDestination pinned) {
        if (pinned == null) {
            return connect(loop, target, connector);
        }
        UpstreamEndpoint endpoint = new UpstreamEndpoint(target.host(), target.port(), false);
        return connector.connectTo(loop, endpoint, pinned.addresses()).thenApply(channel -> new Connected(channel, endpoint));
    }

    /** Raw from the start: a direct tunnel carries nothing but the client's bytes. */
    @Override
    public CompletableFuture<Connected> connectForTunnel(EventLoop loop, Target target, UpstreamConnector connector,
            com.aibang.egress.proxy.guard.PinnedDestination pinned) {
        UpstreamEndpoint endpoint = new UpstreamEndpoint(target.host(), target.port(), false);
        CompletableFuture<io.netty.channel.Channel> channel = pinned == null
                ? connector.connect(loop, endpoint, connector.connectTimeout(), UpstreamConnector.Pipeline.RAW)
                : connector.connectTo(loop, endpoint, pinned.addresses(), UpstreamConnector.Pipeline.RAW);
        return channel.thenApply(connected -> new Connected(connected, endpoint));
    }

    @Override
    public void rewriteRequest(HttpRequest request, Forwarding forwarding) {
        // Origin servers expect origin-form; the request id never leaves our tiers.
        request.setUri(forwarding.target().pathAndQuery());
        request.headers().set(HttpHeaderNames.HOST, forwarding.target().hostHeader());
    }

    @Override
    public CompletableFuture<Void> openTunnel(Channel upstream, Forwarding forwarding) {
        return CompletableFuture.completedFuture(null);
    }
}
