package com.aibang.egress.proxy.http;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.HopByHopHeaders;
import com.aibang.egress.proxy.ProxyChannelInitializer;
import com.aibang.egress.proxy.ProxyEngine;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.ProxyHeaders;
import com.aibang.egress.proxy.Refusals;
import com.aibang.egress.proxy.policy.PolicyQueries;
import com.aibang.egress.proxy.policy.Verdict;
import com.aibang.egress.proxy.target.Target;
import com.aibang.egress.proxy.upstream.UpstreamEndpoint;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.jboss.logging.Logger;

/**
 * Client side of one proxy connection: parses each request, asks the policy gate, then either
 * forwards plain HTTP (keep-alive, streaming, upstream reuse) or sets up a CONNECT tunnel.
 */
public final class ProxyFrontendHandler extends ChannelInboundHandlerAdapter
        implements UpstreamListener, TunnelOpener.Outcome {

    private static final Logger LOG = Logger.getLogger(ProxyFrontendHandler.class);
    private static final HttpResponseStatus CONNECTION_ESTABLISHED = new HttpResponseStatus(200, "Connection established");

    private final ProxyEngine engine;
    private final ArrayDeque<Object> pipelined = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Channel client;
    private Source source;
    private PlainExchange exchange;
    private TunnelOpener.Setup tunnel;
    private Channel upstream;
    private UpstreamEndpoint upstreamEndpoint;
    private final ResponseRelay responses;
    private final TunnelOpener tunnels;
    private boolean closing;

    public ProxyFrontendHandler(ProxyEngine engine) {
        this.engine = engine;
        this.responses = new ResponseRelay(engine.settings().tier());
        this.tunnels = new TunnelOpener(engine);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.client = ctx.channel();
        this.source = engine.identity().identify((InetSocketAddress) client.remoteAddress());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (exchange != null && exchange.requestComplete) {
            // Pipelined request: handled once the current response is complete.
            pipelined.add(msg);
            updateClientReading();
        } else {
            dispatch(msg);
        }
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest request) {
            if (exchange != null || tunnel != null) {
                ReferenceCountUtil.release(msg);
                refuse(new ProxyFailure(FailureKind.MALFORMED, "new request before the previous body ended"),
                        "-", request.uri(), request.method().name(), AccessLog.DECISION_NOT_ASKED);
                return;
            }
            startRequest(request);
        }
        if (msg instanceof HttpContent content) {
            onRequestContent(content);
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void startRequest(HttpRequest request) {
        ParsedRequest parsed = ParsedRequest.of(request, engine.settings().trustIncomingRequestId());
        if (parsed.malformed() != null) {
            refuse(parsed.malformed(), parsed.requestId(), request.uri(), request.method().name(),
                    AccessLog.DECISION_NOT_ASKED);
        } else if (parsed.connect()) {
            startTunnel(parsed.requestId(), parsed.target());
        } else {
            startExchange(request, parsed.requestId(), parsed.target());
        }
    }

    // ---- plain HTTP ----

    private void startExchange(HttpRequest request, String requestId, Target target) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HopByHopHeaders.removeFromRequest(request.headers());
        PlainExchange started = new PlainExchange(requestId, target, request, keepAlive);
        exchange = started;
        updateClientReading();
        CheckRequest query = PolicyQueries.forRequest(engine.settings().tier(), requestId, source, target, started.method);
        PolicyGates.ask(engine.gate(), query)
                .whenCompleteAsync((answer, error) -> onExchangeDecision(started, answer, error), client.eventLoop());
    }

    private void onExchangeDecision(PlainExchange ex, CheckResponse answer, Throwable error) {
        if (ex != exchange || !client.isActive()) {
            ex.releaseQueued();
            return;
        }
        Verdict verdict = Verdict.of(answer, error);
        ex.decision = verdict.decision();
        if (!verdict.allowed()) {
            refuse(verdict.failure(), ex.requestId, ex.target.authority(), ex.method, verdict.decision());
            return;
        }
        UpstreamEndpoint endpoint = engine.route().endpointFor(ex.target);
        if (upstream != null && upstream.isActive() && endpoint.equals(upstreamEndpoint)) {
            beginForwarding(ex);
            return;
        }
        closeUpstream();
        engine.connector().connect(client.eventLoop(), endpoint)
                .whenComplete((channel, failure) -> onExchangeConnected(ex, endpoint, channel, failure));
    }

    private void onExchangeConnected(PlainExchange ex, UpstreamEndpoint endpoint, Channel channel, Throwable failure) {
        if (failure != null) {
            if (ex == exchange) {
                refuse(ProxyFailure.from(failure), ex.requestId, ex.target.authority(), ex.method, ex.decision);
            }
            return;
        }
        if (ex != exchange || !client.isActive()) {
            channel.close();
            ex.releaseQueued();
            return;
        }
        upstream = channel;
        upstreamEndpoint = endpoint;
        ProxyChannelInitializer.attachHttpUpstream(channel, this);
        beginForwarding(ex);
    }

    private void beginForwarding(PlainExchange ex) {
        engine.route().rewriteRequest(ex.request, ex.target, ex.requestId);
        upstream.write(ex.request);
        ex.queued.forEach(upstream::write);
        ex.queued.clear();
        ex.forwarding = true;
        upstream.flush();
        updateClientReading();
        updateUpstreamReading();
    }

    private void onRequestContent(HttpContent content) {
        PlainExchange ex = exchange;
        if (ex == null || tunnel != null || ex.requestComplete) {
            // Body of a CONNECT or leftovers of a refused request: nothing to forward.
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            failInFlight(ex, new ProxyFailure(FailureKind.MALFORMED, "malformed request body: "
                    + content.decoderResult().cause().getMessage()));
            return;
        }
        ex.requestComplete = content instanceof LastHttpContent;
        if (ex.forwarding) {
            upstream.write(content);
        } else {
            ex.queued.add(content);
        }
        updateClientReading();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (upstream != null) {
            upstream.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void onUpstreamMessage(Channel from, Object msg) {
        PlainExchange ex = exchange;
        if (from != upstream || ex == null || !ex.forwarding || ex.responseComplete) {
            // Nothing asked for this (e.g. a pooled connection talking out of turn).
            ReferenceCountUtil.release(msg);
            from.close();
            return;
        }
        if (msg instanceof io.netty.handler.codec.http.HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                failInFlight(ex, new ProxyFailure(FailureKind.UNREACHABLE, upstreamEndpoint.describe()
                        + " sent an invalid HTTP response"));
                return;
            }
            responses.onHead(ex, response, source.getIp());
        }
        boolean complete = msg instanceof HttpContent content && responses.onContent(ex, content);
        client.write(msg);
        if (!client.isWritable()) {
            from.config().setAutoRead(false);
        }
        if (complete) {
            ex.responseComplete = true;
            if (!ex.requestComplete) {
                // The upstream answered before the body ended: neither connection is in a reusable state.
                ex.upstreamReusable = false;
                ex.closeClientAfter = true;
            }
            finishExchange(ex);
        }
    }

    private void finishExchange(PlainExchange ex) {
        exchange = null;
        if (!ex.upstreamReusable) {
            closeUpstream();
        }
        if (ex.closeClientAfter) {
            resetState();
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        client.flush();
        while (!pipelined.isEmpty() && !closing && (exchange == null || !exchange.requestComplete)) {
            dispatch(pipelined.poll());
        }
        updateClientReading();
        updateUpstreamReading();
    }

    @Override
    public void onUpstreamReadComplete(Channel from) {
        client.flush();
    }

    @Override
    public void onUpstreamWritabilityChanged(Channel from) {
        updateClientReading();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateUpstreamReading();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void onUpstreamIdle(Channel from) {
        PlainExchange ex = exchange;
        if (from != upstream || ex == null || !ex.forwarding) {
            from.close();
            return;
        }
        failInFlight(ex, new ProxyFailure(FailureKind.TIMEOUT, upstreamEndpoint.describe() + " did not respond within "
                + engine.settings().upstreamTimeout().toMillis() + " ms"));
    }

    @Override
    public void onUpstreamClosed(Channel from) {
        if (from != upstream) {
            return;
        }
        UpstreamEndpoint endpoint = upstreamEndpoint;
        upstream = null;
        upstreamEndpoint = null;
        PlainExchange ex = exchange;
        if (ex != null && ex.forwarding && !ex.responseComplete) {
            failInFlight(ex, new ProxyFailure(FailureKind.UNREACHABLE, endpoint.describe()
                    + " closed the connection before the response was complete"));
        }
    }

    /** Before the response started the client gets a refusal; after, only a closed connection tells. */
    private void failInFlight(PlainExchange ex, ProxyFailure failure) {
        if (ex.responseStarted) {
            LOG.debugf("request %s: %s after the response started", ex.requestId, failure.reason());
            resetState();
            RelayHandler.closeOnFlush(client);
        } else {
            refuse(failure, ex.requestId, ex.target.authority(), ex.method, ex.decision);
        }
    }

    // ---- CONNECT ----

    private void startTunnel(String requestId, Target target) {
        TunnelOpener.Setup setup = new TunnelOpener.Setup(requestId, target);
        tunnel = setup;
        closeUpstream();
        updateClientReading();
        tunnels.open(setup, source, client.eventLoop(), this);
    }

    @Override
    public boolean stillWanted(TunnelOpener.Setup setup) {
        return setup == tunnel && client.isActive();
    }

    @Override
    public void refused(TunnelOpener.Setup setup, ProxyFailure failure, String decision) {
        refuse(failure, setup.requestId(), setup.target().authority(), PolicyQueries.CONNECT, decision);
    }

    @Override
    public void parentRefused(TunnelOpener.Setup setup, Verdict verdict, FullHttpResponse parentResponse) {
        FullHttpResponse relayed = Refusals.relayedFromParent(parentResponse);
        parentResponse.release();
        AccessLog.record(engine.settings().tier(), setup.requestId(), source.getIp(), setup.target().authority(),
                PolicyQueries.CONNECT, verdict.decision(), relayed.status().code(),
                "parent: " + relayed.headers().get(ProxyHeaders.REASON, relayed.status().reasonPhrase()));
        resetState();
        Refusals.send(client, relayed);
    }

    @Override
    public void opened(TunnelOpener.Setup setup, Verdict verdict, Channel channel) {
        AccessLog.record(engine.settings().tier(), setup.requestId(), source.getIp(), setup.target().authority(),
                PolicyQueries.CONNECT, verdict.decision(), CONNECTION_ESTABLISHED.code(), verdict.reason());
        FullHttpResponse established = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, CONNECTION_ESTABLISHED);
        client.writeAndFlush(established).addListener(written -> {
            if (written.isSuccess() && channel.isActive()) {
                tunnel = null;
                ProxyChannelInitializer.switchToTunnel(ctx, channel);
            } else {
                channel.close();
                client.close();
            }
        });
    }

    // ---- shared ----

    private void refuse(ProxyFailure failure, String requestId, String destination, String method, String decision) {
        FullHttpResponse response = Refusals.responseFor(engine.settings().tier(), failure);
        AccessLog.record(engine.settings().tier(), requestId, source == null ? "-" : source.getIp(), destination, method,
                decision, response.status().code(), failure.reason());
        resetState();
        Refusals.send(client, response);
    }

    /** Drops all per-request state; the client connection is about to close. */
    private void resetState() {
        closing = true;
        if (exchange != null) {
            exchange.releaseQueued();
            exchange = null;
        }
        tunnel = null;
        pipelined.forEach(ReferenceCountUtil::release);
        pipelined.clear();
        closeUpstream();
    }

    /** Reads from the client only when there is somewhere for the bytes to go. */
    private void updateClientReading() {
        boolean idle = exchange == null && tunnel == null;
        boolean streamingBody = exchange != null && exchange.forwarding && !exchange.requestComplete
                && upstream != null && upstream.isWritable();
        client.config().setAutoRead(!closing && (idle || streamingBody));
    }

    private void updateUpstreamReading() {
        if (upstream != null) {
            upstream.config().setAutoRead(client.isWritable());
        }
    }

    private void closeUpstream() {
        Channel current = upstream;
        upstream = null;
        upstreamEndpoint = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        resetState();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debugf(cause, "client connection %s failed", ctx.channel().remoteAddress());
        ctx.close();
    }
}
