package com.aibang.egress.proxy.upstream;

import com.aibang.egress.proxy.target.Target;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.CompletableFuture;

/** How allowed traffic leaves this tier: directly to the destination, or through a parent proxy. */
public interface UpstreamRoute {

    /** The endpoint to connect to for this target. */
    UpstreamEndpoint endpointFor(Target target);

    /** Rewrites a cleaned plain request head for this route (request target form, Host, our headers). */
    void rewriteRequest(HttpRequest request, Target target, String requestId);

    /**
     * Makes a freshly connected upstream ready to carry the raw bytes of a tunnel. Completes on the
     * channel's event loop; fails with {@link com.aibang.egress.proxy.ProxyFailure} or {@link ParentRefusal}.
     */
    CompletableFuture<Void> openTunnel(Channel upstream, Target target, String requestId);
}
