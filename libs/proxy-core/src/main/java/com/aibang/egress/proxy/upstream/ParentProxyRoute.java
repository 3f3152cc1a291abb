package com.aibang.egress.proxy.upstream;

import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.ProxyChannelInitializer;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.ProxyHeaders;
import com.aibang.egress.proxy.target.Target;
import com.aibang.egress.proxy.ticket.TicketSigner;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends traffic through a pool of parent proxies (tier 1 to tier 2): picks a healthy parent by weight,
 * fails over to the next one when a connection cannot be made (nothing of the client's was sent yet),
 * passes the request id, credentials and, when configured, a signed ticket.
 */
public final class ParentProxyRoute implements UpstreamRoute {

    private final ParentPool pool;
    private final TicketSigner tickets;

    /** A pool named {@code default} with one parent and no credentials, TLS or tickets. */
    public ParentProxyRoute(String parentHost, int parentPort) {
        this(new ParentPool("default", List.of(new ParentMember(parentHost, parentPort, 1)), Duration.ofSeconds(5),
                null, null, 1), null);
    }

    /**
     * @param pool the parents
     * @param tickets signs the ticket attached to every forwarded request, null for none
     */
    public ParentProxyRoute(ParentPool pool, TicketSigner tickets) {
        this.pool = pool;
        this.tickets = tickets;
    }

    public ParentPool pool() {
        return pool;
    }

    @Override
    public String name() {
        return pool.name();
    }

    @Override
    public String connectionKey(Target target) {
        return "pool:" + pool.name();
    }

    @Override
    public CompletableFuture<Connected> connect(EventLoop loop, Target target, UpstreamConnector connector) {
        CompletableFuture<Connected> result = new CompletableFuture<>();
        List<ParentMember> candidates = pool.candidates();
        if (candidates.isEmpty()) {
            // Answer at once: waiting for connect timeouts to parents known to be down helps nobody.
            result.completeExceptionally(new ProxyFailure(FailureKind.UNREACHABLE,
                    "no healthy parent in pool '" + pool.name() + "'"));
            return result;
        }
        attempt(loop, connector, candidates, 0, null, result);
        return result;
    }

    private void attempt(EventLoop loop, UpstreamConnector connector, List<ParentMember> candidates, int index,
            ProxyFailure lastFailure, CompletableFuture<Connected> result) {
        if (index >= candidates.size()) {
            result.completeExceptionally(new ProxyFailure(lastFailure.kind(), "all parents of pool '" + pool.name()
                    + "' failed; last: " + lastFailure.reason(), lastFailure));
            return;
        }
        ParentMember member = candidates.get(index);
        connector.connect(loop, member.endpoint(), pool.connectTimeout())
                .thenCompose(channel -> pool.tls() == null ? CompletableFuture.completedFuture(channel)
                        : ParentTls.handshake(channel, pool.tls(), member.endpoint(), pool.connectTimeout()))
                .whenComplete((channel, error) -> {
                    if (error == null) {
                        pool.markSuccess(member);
                        result.complete(new Connected(channel, member.endpoint()));
                        return;
                    }
                    ProxyFailure failure = ProxyFailure.from(error);
                    pool.markFailure(member, failure.reason());
                    attempt(loop, connector, candidates, index + 1, failure, result);
                });
    }

    @Override
    public int tunnelFailoverAttempts() {
        return pool.members().size() - 1;
    }

    @Override
    public void reportFailure(UpstreamEndpoint endpoint, String why) {
        pool.members().stream().filter(member -> member.endpoint().equals(endpoint)).findFirst()
                .ifPresent(member -> pool.markFailure(member, why));
    }

    @Override
    public void rewriteRequest(HttpRequest request, Forwarding forwarding) {
        request.setUri(forwarding.target().absoluteUri());
        request.headers().set(HttpHeaderNames.HOST, forwarding.target().hostHeader());
        addOwnHeaders(request.headers(), forwarding);
    }

    @Override
    public CompletableFuture<Void> openTunnel(Channel upstream, Forwarding forwarding) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        UpstreamEndpoint parent = upstreamEndpoint(upstream);
        ProxyChannelInitializer.addParentHandshake(upstream, new ParentConnectHandler(ready, parent));
        String authority = forwarding.target().authority();
        FullHttpRequest connect = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.CONNECT, authority);
        connect.headers().set(HttpHeaderNames.HOST, authority);
        addOwnHeaders(connect.headers(), forwarding);
        upstream.writeAndFlush(connect).addListener(written -> {
            if (!written.isSuccess()) {
                ready.completeExceptionally(ParentConnectHandler.unreachable(parent, written.cause()));
            }
        });
        upstream.config().setAutoRead(true);
        return ready;
    }

    private void addOwnHeaders(HttpHeaders headers, Forwarding forwarding) {
        headers.set(ProxyHeaders.REQUEST_ID, forwarding.requestId());
        if (pool.proxyAuthorization() != null) {
            headers.set(HttpHeaderNames.PROXY_AUTHORIZATION, pool.proxyAuthorization());
        }
        if (tickets != null) {
            headers.set(ProxyHeaders.TICKET, tickets.issue(forwarding));
        }
    }

    private UpstreamEndpoint upstreamEndpoint(Channel upstream) {
        if (upstream.remoteAddress() instanceof java.net.InetSocketAddress address) {
            return new UpstreamEndpoint(address.getHostString(), address.getPort(), true);
        }
        return pool.members().get(0).endpoint();
    }
}
