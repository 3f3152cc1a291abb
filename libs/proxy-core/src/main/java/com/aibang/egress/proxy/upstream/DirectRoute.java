package com.aibang.egress.proxy.upstream;

import com.aibang.egress.proxy.target.Target;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.CompletableFuture;

/** Connects straight to the destination (tier 2). */
public final class DirectRoute implements UpstreamRoute {

    @Override
    public UpstreamEndpoint endpointFor(Target target) {
        return new UpstreamEndpoint(target.host(), target.port(), false);
    }

    @Override
    public void rewriteRequest(HttpRequest request, Target target, String requestId) {
        // Origin servers expect origin-form; the request id never leaves our tiers.
        request.setUri(target.pathAndQuery());
        request.headers().set(HttpHeaderNames.HOST, target.hostHeader());
    }

    @Override
    public CompletableFuture<Void> openTunnel(Channel upstream, Target target, String requestId) {
        return CompletableFuture.completedFuture(null);
    }
}
