package com.aibang.egress.proxy.upstream;

import com.aibang.egress.proxy.target.Target;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.CompletableFuture;

/** How allowed traffic leaves this tier: directly to the destination, or through a parent pool. */
public interface UpstreamRoute {

    /** Name of the route as decisions and logs use it: {@code direct} or a parent pool name. */
    String name();

    /** Connections opened for two targets with equal keys are interchangeable (keep-alive reuse). */
    String connectionKey(Target target);

    /**
     * Opens a connection for this target on {@code loop}; fails with a
     * {@link com.aibang.egress.proxy.ProxyFailure} when nothing could be reached.
     */
    CompletableFuture<Connected> connect(EventLoop loop, Target target, UpstreamConnector connector);

    /**
     * Like {@link #connect(EventLoop, Target, UpstreamConnector)}, but a route that reaches the destination
     * itself must connect to exactly the {@code pinned} addresses (checked by the SSRF guard) and make no
     * lookup of its own. Routes through a parent ignore them: the parent resolves.
     */
    default CompletableFuture<Connected> connect(EventLoop loop, Target target, UpstreamConnector connector,
            com.aibang.egress.proxy.guard.PinnedDestination pinned) {
        return connect(loop, target, connector);
    }

    /**
     * Like {@link #connect(EventLoop, Target, UpstreamConnector, com.aibang.egress.proxy.guard.PinnedDestination)},
     * for a connection that will only carry a tunnel: a route whose {@link #openTunnel} sends nothing may skip the
     * HTTP client pipeline.
     */
    default CompletableFuture<Connected> connectForTunnel(EventLoop loop, Target target, UpstreamConnector connector,
            com.aibang.egress.proxy.guard.PinnedDestination pinned) {
        return connect(loop, target, connector, pinned);
    }

    /** Rewrites a cleaned plain request head for this route (request target form, Host, our headers). */
    void rewriteRequest(HttpRequest request, Forwarding forwarding);

    /**
     * Makes a freshly connected upstream ready to carry the raw bytes of a tunnel. Completes on the
     * channel's event loop; fails with {@link com.aibang.egress.proxy.ProxyFailure} or {@link ParentRefusal}.
     */
    CompletableFuture<Void> openTunnel(Channel upstream, Forwarding forwarding);

    /**
     * How many more upstreams may be tried when one fails while a tunnel is set up (connected, but it
     * closed or failed before answering our CONNECT; the client has sent nothing yet). 0: no failover.
     */
    default int tunnelFailoverAttempts() {
        return 0;
    }

    /** The upstream at {@code endpoint} failed while a tunnel was set up through it. */
    default void reportFailure(UpstreamEndpoint endpoint, String why) {
    }
}
