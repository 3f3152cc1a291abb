package com.aibang.egress.proxy.http;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.policy.RequestCredentials;
import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.HopByHopHeaders;
import com.aibang.egress.proxy.ProxyChannelInitializer;
import com.aibang.egress.proxy.ProxyEngine;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.ProxyHeaders;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.Refusals;
import com.aibang.egress.proxy.policy.PolicyAnswer;
import com.aibang.egress.proxy.policy.PolicyQueries;
import com.aibang.egress.proxy.policy.Verdict;
import com.aibang.egress.proxy.target.Target;
import com.aibang.egress.proxy.upstream.Connected;
import com.aibang.egress.proxy.upstream.UpstreamEndpoint;
import com.aibang.egress.proxy.upstream.UpstreamRoute;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import com.aibang.egress.proxy.cache.HttpCache;
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
        implements UpstreamListener, TunnelOpener.Outcome, BodySplice.Owner {

    private static final Logger LOG = Logger.getLogger(ProxyFrontendHandler.class);
    /** Route name in the access line of a response served from the cache. */
    private static final String CACHE_ROUTE = "cache";

    private final ProxyEngine engine;
    private final ArrayDeque<Object> pipelined = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Channel client;
    private Source source;
    private PlainExchange exchange;
    private TunnelOpener.Setup tunnel;
    private Channel upstream;
    private UpstreamEndpoint upstreamEndpoint;
    /** Connection key (route and, for direct, destination) the current upstream connection serves. */
    private String upstreamKey;
    /** Graceful shutdown asked this connection to close once the current work is done. */
    private boolean draining;
    private final ResponseRelay responses;
    private final TunnelOpener tunnels;
    private boolean closing;
    /** The client sent more behind its CONNECT before it was answered; the HTTP codec has consumed those bytes. */
    private boolean earlyTunnelData;

    public ProxyFrontendHandler(ProxyEngine engine) {
        this.engine = engine;
        this.responses = new ResponseRelay(engine.metrics());
        this.tunnels = new TunnelOpener(engine);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.client = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
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
            if (tunnel != null && exchange == null) {
                // Bytes behind a pending CONNECT: the CONNECT still gets its own answer (see opened()).
                ReferenceCountUtil.release(msg);
                earlyTunnelData = true;
                return;
            }
            if (exchange != null || tunnel != null) {
                ReferenceCountUtil.release(msg);
                refuse(new ProxyFailure(FailureKind.MALFORMED, "new request before the previous body ended"),
                        newEntry("-", request.uri(), request.method().name(), false));
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
        HeaderTimeoutHandler.headReceived(client.pipeline());
        // Per request, not per connection: the identity behind an IP can change while a connection lives.
        source = engine.identity().identify((InetSocketAddress) client.remoteAddress());
        ParsedRequest parsed = ParsedRequest.of(request, engine.settings().trustIncomingRequestId(), engine.limits());
        if (parsed.malformed() != null) {
            if (parsed.limit() != null) {
                engine.metrics().limitBreached(parsed.limit());
            }
            String uri = parsed.limit() == null ? request.uri() : "-";
            refuse(parsed.malformed(), newEntry(parsed.requestId(), uri, request.method().name(), parsed.connect()));
        } else if (parsed.connect()) {
            startTunnel(parsed.requestId(), parsed.target(),
                    request.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION), request.headers().get(ProxyHeaders.TICKET));
        } else {
            startExchange(request, parsed.requestId(), parsed.target());
        }
    }

    // ---- plain HTTP ----

    private void startExchange(HttpRequest request, String requestId, Target target) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String proxyAuthorization = request.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION);
        String ticket = request.headers().get(ProxyHeaders.TICKET);
        // The ticket and every other header of ours go here, before anything can reach the destination.
        HopByHopHeaders.removeFromRequest(request.headers());
        PlainExchange started = new PlainExchange(requestId, target, source, request, keepAlive,
                newEntry(requestId, target.authority(), request.method().name(), false));
        if (engine.settings().tier() == ProxyTier.EGRESS) {
            // Tier 2 writes the complete audit record; the query is never logged (like Squid's strip_query_terms).
            started.entry.extra(AccessLog.FIELD_PATH, target.path());
        }
        exchange = started;
        updateClientReading();
        RequestCredentials credentials = new RequestCredentials(source.getIp(), proxyAuthorization, ticket, requestId,
                target, started.entry);
        OnLoop.thenCompose(Identities.authenticate(engine, source, credentials), client.eventLoop(), caller -> {
            started.source = caller;
            started.entry.source(caller.getIp(), caller.getNamespace(), caller.getServiceAccount());
            return OnLoop.thenCompose(Pinning.pin(engine, target, started.entry), client.eventLoop(), pinned -> {
                started.pinned = pinned;
                CheckRequest query = PolicyQueries.forRequest(engine.settings().tier(), requestId, caller, target,
                        started.method, Pinning.resolvedIps(pinned));
                return PolicyGates.ask(engine.gate(), query, engine.metrics());
            });
        }).whenCompleteAsync((answer, error) -> onExchangeDecision(started, answer, error),
                client.eventLoop());
    }

    private void onExchangeDecision(PlainExchange ex, PolicyAnswer answer, Throwable error) {
        if (ex != exchange || !client.isActive()) {
            ex.releaseQueued();
            return;
        }
        Verdict verdict = Verdict.of(answer, error);
        ex.decision = verdict.decision();
        ex.verdict = verdict;
        ex.entry.decision(verdict.decision(), verdict.decidedBy(), verdict.decisionId());
        if (answer != null && answer.response() != null) {
            ex.entry.mask(answer.response().getMaskList());
        }
        if (!verdict.allowed()) {
            refuse(verdict.failure(), ex.entry);
            return;
        }
        ProxyFailure blocked = Pinning.check(engine, ex.target, ex.pinned, answer);
        if (blocked != null) {
            refuse(blocked, ex.entry);
            return;
        }
        UpstreamRoute route;
        try {
            route = engine.routes().select(verdict.route());
        } catch (ProxyFailure failure) {
            refuse(failure, ex.entry);
            return;
        }
        ex.route = route;
        if (answeredFromCache(ex)) {
            return;
        }
        String key = route.connectionKey(ex.target);
        if (upstream != null && upstream.isActive() && key.equals(upstreamKey)) {
            ex.entry.upstream(route.name(), upstreamEndpoint.host() + ":" + upstreamEndpoint.port());
            ex.entry.extra(AccessLog.FIELD_CONNECTED, Connections.remote(upstream));
            beginForwarding(ex);
            return;
        }
        closeUpstream();
        ex.entry.upstream(route.name(), "");
        route.connect(client.eventLoop(), ex.target, engine.connector(), ex.pinned)
                .whenComplete((connected, failure) -> onExchangeConnected(ex, key, connected, failure));
    }

    private void onExchangeConnected(PlainExchange ex, String key, Connected connected, Throwable failure) {
        if (failure != null) {
            if (ex == exchange && !servedStaleOnError(ex, ProxyFailure.from(failure))) {
                refuse(ProxyFailure.from(failure), ex.entry);
            }
            return;
        }
        if (ex != exchange || !client.isActive()) {
            connected.channel().close();
            ex.releaseQueued();
            return;
        }
        upstream = connected.channel();
        upstreamEndpoint = connected.endpoint();
        upstreamKey = key;
        ex.entry.upstream(ex.route.name(), upstreamEndpoint.host() + ":" + upstreamEndpoint.port());
        ex.entry.extra(AccessLog.FIELD_CONNECTED, Connections.remote(upstream));
        ProxyChannelInitializer.attachHttpUpstream(upstream, this);
        beginForwarding(ex);
    }

    private void beginForwarding(PlainExchange ex) {
        ex.route.rewriteRequest(ex.request, ex.forwarding());
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
        engine.metrics().bytesUpstream(content.content().readableBytes());
        ex.bytesUp += content.content().readableBytes();
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
        if (ex.splice != null) {
            // Raw body bytes (the codec is off while the body is spliced).
            if (msg instanceof io.netty.buffer.ByteBuf bytes) {
                ex.splice.leftover(bytes);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (msg instanceof io.netty.handler.codec.http.HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                failInFlight(ex, new ProxyFailure(FailureKind.UNREACHABLE, upstreamEndpoint.describe()
                        + " sent an invalid HTTP response"));
                return;
            }
            if (ex.cache != null && ex.cache.absorbs(response)) {
                // A 304 confirming the stored response (or an error stale-if-error hides): answered from the cache.
                ex.cacheAbsorbs = true;
                ex.upstreamReusable = HttpUtil.isKeepAlive(response);
            } else {
                responses.onHead(ex, response);
                if (ex.cache != null && !ex.informational) {
                    ex.cache.responseHead(response);
                }
            }
        }
        if (ex.cacheAbsorbs) {
            boolean ended = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (ended) {
                ex.responseComplete = true;
                serveFromCache(ex, ex.cache.answer());
            }
            return;
        }
        if (msg instanceof HttpContent content) {
            engine.metrics().bytesDownstream(content.content().readableBytes());
            ex.bytesDown += content.content().readableBytes();
        }
        if (msg instanceof HttpContent content && ex.cache != null) {
            ex.cache.responseContent(content.content());
        }
        boolean complete = msg instanceof HttpContent content && responses.onContent(ex, content);
        if (complete && ex.cache != null) {
            ex.cache.responseComplete();
            noteCacheResult(ex);
        }
        client.write(msg);
        if (!client.isWritable()) {
            from.config().setAutoRead(false);
        }
        if (!complete && msg instanceof io.netty.handler.codec.http.HttpResponse head
                && BodySplice.eligible(ex, head, from, client)) {
            BodySplice.start(ex, head, from, client, bytes -> {
                engine.metrics().bytesDownstream(bytes);
                ex.bytesDown += bytes;
            }, this);
            return;
        }
        if (complete) {
            ex.responseComplete = true;
            ex.entry.extraIfAbsent(AccessLog.FIELD_END, AccessLog.END_COMPLETED);
            if (!ex.requestComplete) {
                // The upstream answered before the body ended: neither connection is in a reusable state.
                ex.upstreamReusable = false;
                ex.closeClientAfter = true;
            }
            writeAccessLine(ex, null);
            finishExchange(ex);
        }
    }

    /**
     * A GET the policy allowed is answered from the HTTP cache when a fresh response is stored (the hit is
     * logged and counted); otherwise the request may be made conditional (revalidation) and its response stored.
     */
    private boolean answeredFromCache(PlainExchange ex) {
        HttpCache cache = engine.cache();
        if (cache == null) {
            return false;
        }
        ex.cache = cache.begin(ex.method, ex.target.absoluteUri(), ex.request.headers());
        if (ex.cache == null) {
            return false;
        }
        FullHttpResponse fresh = ex.cache.freshResponse();
        if (fresh == null) {
            ex.cache.addValidators(ex.request.headers());
            ex.entry.extra(AccessLog.FIELD_CACHE, ex.cache.result());
            return false;
        }
        ex.upstreamReusable = true;
        ex.entry.upstream(CACHE_ROUTE, "");
        serveFromCache(ex, fresh);
        return true;
    }

    /** Answers the client from the cache (fresh hit, revalidated, or stale on error) and ends the exchange. */
    private void serveFromCache(PlainExchange ex, FullHttpResponse response) {
        ex.closeClientAfter = !ex.clientKeepAlive || !ex.requestComplete;
        if (ex.closeClientAfter) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (HttpVersion.HTTP_1_0.equals(ex.clientVersion)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ex.releaseQueued();
        int status = response.status().code();
        int size = response.content().readableBytes();
        ex.entry.status(status, ex.verdict.reason()).extraIfAbsent(AccessLog.FIELD_END, AccessLog.END_COMPLETED);
        noteCacheResult(ex);
        engine.metrics().requestDone(ProxyMetrics.KIND_REQUEST, ex.decision, status);
        engine.metrics().bytesDownstream(size);
        ex.bytesDown = size;
        client.write(response);
        writeAccessLine(ex, null);
        finishExchange(ex);
    }

    /** The origin failed before answering: true when stale-if-error let the stored response answer instead. */
    private boolean servedStaleOnError(PlainExchange ex, ProxyFailure failure) {
        FullHttpResponse stale = ex.cache == null || failure.kind() == FailureKind.MALFORMED ? null
                : ex.cache.staleOnError();
        if (stale == null) {
            return false;
        }
        ex.upstreamReusable = false;
        serveFromCache(ex, stale);
        return true;
    }

    private void noteCacheResult(PlainExchange ex) {
        ex.entry.extra(AccessLog.FIELD_CACHE, ex.cache.result());
        engine.metrics().cacheLookup(ex.cache.result());
    }

    /** The line of a response that started: when it ended, or why it was cut short. */
    private void writeAccessLine(PlainExchange ex, String abortedBecause) {
        if (abortedBecause != null) {
            ex.entry.status(ex.entry.status(), "aborted: " + abortedBecause);
        }
        engine.accessLog().write(ex.entry.bytes(ex.bytesUp, ex.bytesDown));
    }

    private void finishExchange(PlainExchange ex) {
        exchange = null;
        if (!ex.upstreamReusable) {
            closeUpstream();
        }
        if (ex.closeClientAfter || draining) {
            resetState();
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        client.flush();
        HeaderTimeoutHandler.expectHead(client.pipeline());
        while (!pipelined.isEmpty() && !closing && (exchange == null || !exchange.requestComplete)) {
            dispatch(pipelined.poll());
        }
        updateClientReading();
        updateUpstreamReading();
    }

    @Override
    public void splicedBodyDone(PlainExchange ex) {
        ex.splice = null;
        if (ex != exchange || closing) {
            return;
        }
        // Ends the response in the codec too (it counts the Content-Length bytes it did not see as still due).
        client.write(LastHttpContent.EMPTY_LAST_CONTENT);
        ex.responseComplete = true;
        if (ex.cache != null) {
            noteCacheResult(ex);
        }
        ex.entry.extraIfAbsent(AccessLog.FIELD_END, AccessLog.END_COMPLETED);
        writeAccessLine(ex, null);
        finishExchange(ex);
    }

    @Override
    public void splicedBodyFailed(PlainExchange ex, String reason) {
        ex.splice = null;
        if (ex == exchange && !closing) {
            failInFlight(ex, new ProxyFailure(FailureKind.UNREACHABLE,
                    client.isActive() ? reason : "client closed the connection during the response"));
        }
    }

    @Override
    public void onUpstreamInputShutdown(Channel from) {
        PlainExchange ex = exchange;
        if (from == upstream && ex != null && ex.splice != null) {
            ex.splice.inputEnded();
        } else {
            from.close();
        }
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
        if (ex.splice != null && ex.splice.progressedSinceLastLook()) {
            return; // spliced body bytes pass no handler: the silence timer cannot see them
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
        upstreamKey = null;
        PlainExchange ex = exchange;
        if (ex != null && ex.splice != null && ex.splice.allReceived()) {
            ex.upstreamReusable = false; // the whole body is on its way to the client; the splice completes it
            return;
        }
        if (ex != null && ex.forwarding && !ex.responseComplete) {
            failInFlight(ex, new ProxyFailure(FailureKind.UNREACHABLE, endpoint.describe()
                    + " closed the connection before the response was complete"));
        }
    }

    /** Before the response started the client gets a refusal; after, only a closed connection tells. */
    private void failInFlight(PlainExchange ex, ProxyFailure failure) {
        if (ex.responseStarted) {
            LOG.debugf("request %s: %s after the response started", ex.requestId, failure.reason());
            writeAccessLine(ex, failure.reason());
            resetState();
            RelayHandler.closeOnFlush(client);
        } else if (!servedStaleOnError(ex, failure)) {
            refuse(failure, ex.entry);
        }
    }

    // ---- CONNECT ----

    private void startTunnel(String requestId, Target target, String proxyAuthorization, String ticket) {
        TunnelOpener.Setup setup = new TunnelOpener.Setup(requestId, target, source,
                newEntry(requestId, target.authority(), PolicyQueries.CONNECT, true), proxyAuthorization, ticket);
        tunnel = setup;
        earlyTunnelData = false;
        closeUpstream();
        updateClientReading();
        tunnels.open(setup, client.eventLoop(), this);
    }

    @Override
    public boolean stillWanted(TunnelOpener.Setup setup) {
        return setup == tunnel && client.isActive();
    }

    @Override
    public void refused(TunnelOpener.Setup setup, ProxyFailure failure, String decision) {
        refuse(failure, setup.entry());
    }

    @Override
    public void parentRefused(TunnelOpener.Setup setup, Verdict verdict, FullHttpResponse parentResponse) {
        FullHttpResponse relayed = Refusals.relayedFromParent(parentResponse);
        parentResponse.release();
        setup.entry().status(relayed.status().code(),
                "parent: " + relayed.headers().get(ProxyHeaders.REASON, relayed.status().reasonPhrase()));
        engine.accessLog().write(setup.entry());
        engine.metrics().requestDone(ProxyMetrics.KIND_TUNNEL, verdict.decision(), relayed.status().code());
        resetState();
        Refusals.send(client, relayed);
    }

    @Override
    public void opened(TunnelOpener.Setup setup, Verdict verdict, Connected connected) {
        if (earlyTunnelData) {
            // The decoder ate what the client sent early: relaying the rest would corrupt the stream.
            connected.channel().close();
            refuse(new ProxyFailure(FailureKind.MALFORMED, "data sent before the CONNECT was answered"), setup.entry());
            return;
        }
        if (engine.inspector() != null) {
            // The query asked, kept as it is: the re-check query is built from it once, if an inspector asks for it.
            TunnelQuery.attach(client, setup.query(), verdict.decisionId(), connected.channel());
        }
        TunnelOpener.establish(engine, ctx, setup, verdict, connected, () -> tunnel = null);
    }

    // ---- shared ----

    private AccessEntry newEntry(String requestId, String destination, String method, boolean connect) {
        AccessEntry entry = new AccessEntry().requestId(requestId).destination(destination, method, connect);
        if (source != null) {
            entry.source(source.getIp(), source.getNamespace(), source.getServiceAccount());
        }
        return entry;
    }

    private void refuse(ProxyFailure failure, AccessEntry entry) {
        FullHttpResponse response = Refusals.responseFor(engine.settings().tier(), failure);
        entry.status(response.status().code(), failure.reason());
        entry.extraIfAbsent(AccessLog.FIELD_END, AccessLog.END_REFUSED);
        engine.accessLog().write(entry);
        engine.metrics().requestDone(entry.tunnel() ? ProxyMetrics.KIND_TUNNEL : ProxyMetrics.KIND_REQUEST,
                entry.decision(), response.status().code());
        resetState();
        Refusals.send(client, response);
    }

    /** Graceful shutdown: close now when idle, otherwise once the current exchange is done. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DrainEvent.INSTANCE) {
            draining = true;
            if (exchange == null && tunnel == null) {
                resetState();
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
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

    /**
     * Reads from the client only when there is somewhere for the bytes to go. A request without a body does not
     * stop reading (turning it off and on costs two epoll_ctl calls per request): reading stops only once a body
     * part waits for the upstream or a pipelined request waits for the current response, so at most one read's
     * worth is held.
     */
    private void updateClientReading() {
        boolean reading;
        PlainExchange ex = exchange;
        if (closing || tunnel != null) {
            reading = false;
        } else if (ex == null) {
            reading = true;
        } else if (!ex.requestComplete) {
            reading = ex.forwarding ? upstream != null && upstream.isWritable() : ex.queued.isEmpty();
        } else {
            reading = pipelined.isEmpty();
        }
        client.config().setAutoRead(reading);
    }

    private void updateUpstreamReading() {
        // While a body is spliced, Netty pauses and resumes the upstream's reads itself as the pipe fills and drains.
        if (upstream != null && (exchange == null || exchange.splice == null)) {
            upstream.config().setAutoRead(client.isWritable());
        }
    }

    private void closeUpstream() {
        Channel current = upstream;
        upstream = null;
        upstreamEndpoint = null;
        upstreamKey = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        PlainExchange ex = exchange;
        if (ex != null && ex.responseStarted && !ex.responseComplete) {
            writeAccessLine(ex, "client closed the connection during the response");
        }
        resetState();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debugf(cause, "client connection %s failed", ctx.channel().remoteAddress());
        ctx.close();
    }
}
