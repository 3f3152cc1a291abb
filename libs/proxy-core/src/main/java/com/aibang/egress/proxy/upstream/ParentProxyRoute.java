package com.aibang.egress.proxy.upstream;

import com.aibang.egress.proxy.ProxyChannelInitializer;
import com.aibang.egress.proxy.ProxyHeaders;
import com.aibang.egress.proxy.target.Target;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.CompletableFuture;

/** Sends everything to one parent proxy (tier 1 to tier 2), passing the request id along. */
public final class ParentProxyRoute implements UpstreamRoute {

    private final UpstreamEndpoint parent;

    public ParentProxyRoute(String parentHost, int parentPort) {
        if (parentHost == null || parentHost.isBlank()) {
            throw new IllegalArgumentException("parent proxy host must not be empty");
        }
        if (parentPort < 1 || parentPort > 65535) {
            throw new IllegalArgumentException("parent proxy port must be 1..65535, got " + parentPort);
        }
        this.parent = new UpstreamEndpoint(parentHost, parentPort, true);
    }

    @Override
    public UpstreamEndpoint endpointFor(Target target) {
        return parent;
    }

    @Override
    public void rewriteRequest(HttpRequest request, Target target, String requestId) {
        request.setUri(target.absoluteUri());
        request.headers()
                .set(HttpHeaderNames.HOST, target.hostHeader())
                .set(ProxyHeaders.REQUEST_ID, requestId);
    }

    @Override
    public CompletableFuture<Void> openTunnel(Channel upstream, Target target, String requestId) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        ProxyChannelInitializer.addParentHandshake(upstream, new ParentConnectHandler(ready, parent));
        FullHttpRequest connect = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.CONNECT, target.authority());
        connect.headers()
                .set(HttpHeaderNames.HOST, target.authority())
                .set(ProxyHeaders.REQUEST_ID, requestId);
        upstream.writeAndFlush(connect).addListener(written -> {
            if (!written.isSuccess()) {
                ready.completeExceptionally(ParentConnectHandler.unreachable(parent, written.cause()));
            }
        });
        upstream.config().setAutoRead(true);
        return ready;
    }
}
