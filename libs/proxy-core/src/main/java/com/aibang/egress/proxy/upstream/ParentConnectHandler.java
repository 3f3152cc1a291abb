package com.aibang.egress.proxy.upstream;

import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.ProxyFailure;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.CompletableFuture;

/** Waits for the parent proxy's answer to our CONNECT. */
final class ParentConnectHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

    private final CompletableFuture<Void> ready;
    private final UpstreamEndpoint parent;

    ParentConnectHandler(CompletableFuture<Void> ready, UpstreamEndpoint parent) {
        this.ready = ready;
        this.parent = parent;
    }

    static ProxyFailure unreachable(UpstreamEndpoint parent, Throwable cause) {
        return new ProxyFailure(FailureKind.UNREACHABLE, parent.describe() + " failed during CONNECT: "
                + (cause == null ? "connection closed" : cause.getMessage()), cause);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.SUCCESS) {
            ready.complete(null);
        } else if (!ready.completeExceptionally(new ParentRefusal(response.retain()))) {
            response.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ready.completeExceptionally(new ProxyFailure(FailureKind.TIMEOUT,
                    parent.describe() + " did not answer CONNECT in time"));
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ready.completeExceptionally(unreachable(parent, null));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ready.completeExceptionally(unreachable(parent, cause));
        ctx.close();
    }
}
