package com.aibang.egress.proxy.upstream;

import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.ProxyFailure;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Puts TLS in front of a freshly connected parent connection (the parent is then reached over TLS). */
final class ParentTls {

    /** Name of the TLS handler, first in an upstream pipeline. */
    static final String HANDLER = "parent-tls";

    private ParentTls() {
    }

    /** Completes with the channel once the handshake succeeded (auto-read is off again then). */
    static CompletableFuture<Channel> handshake(Channel channel, SslContext context, UpstreamEndpoint parent,
            Duration timeout) {
        CompletableFuture<Channel> done = new CompletableFuture<>();
        SslHandler handler = context.newHandler(channel.alloc(), parent.host(), parent.port());
        handler.setHandshakeTimeoutMillis(timeout.toMillis());
        channel.pipeline().addFirst(HANDLER, handler);
        handler.handshakeFuture().addListener(result -> {
            channel.config().setAutoRead(false);
            if (result.isSuccess()) {
                done.complete(channel);
            } else {
                channel.close();
                done.completeExceptionally(new ProxyFailure(FailureKind.UNREACHABLE, "TLS handshake with "
                        + parent.describe() + " failed: " + result.cause().getMessage(), result.cause()));
            }
        });
        // The handshake needs the parent's answers; nothing else is read before it completes.
        channel.config().setAutoRead(true);
        return done;
    }
}
