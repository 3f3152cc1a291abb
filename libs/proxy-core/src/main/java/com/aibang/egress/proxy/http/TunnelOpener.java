package com.aibang.egress.proxy.http;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.guard.PinnedDestination;
import com.aibang.egress.proxy.policy.RequestCredentials;
import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.ProxyChannelInitializer;
import com.aibang.egress.proxy.ProxyEngine;
import com.aibang.egress.proxy.ProxyLimits;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.policy.PolicyQueries;
import com.aibang.egress.proxy.policy.Verdict;
import com.aibang.egress.proxy.target.Target;
import com.aibang.egress.proxy.upstream.Connected;
import com.aibang.egress.proxy.upstream.Forwarding;
import com.aibang.egress.proxy.upstream.ParentRefusal;
import com.aibang.egress.proxy.upstream.UpstreamRoute;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Takes a CONNECT through policy check, connect and (via a parent) the upstream CONNECT, to a ready upstream. */
final class TunnelOpener {

    /** A CONNECT being opened; the source is replaced by the credentials' identity once those are checked. */
    static final class Setup {
        private final String requestId;
        private final Target target;
        private final AccessEntry entry;
        private final String proxyAuthorization;
        private final String ticket;
        private Source source;
        private PinnedDestination pinned;
        /** The policy query the tunnel is asked (and, when allowed, re-checked) with; built once. */
        private CheckRequest query;

        Setup(String requestId, Target target, Source source, AccessEntry entry, String proxyAuthorization,
                String ticket) {
            this.requestId = requestId;
            this.target = target;
            this.source = source;
            this.entry = entry;
            this.proxyAuthorization = proxyAuthorization;
            this.ticket = ticket;
        }

        String requestId() {
            return requestId;
        }

        Target target() {
            return target;
        }

        Source source() {
            return source;
        }

        AccessEntry entry() {
            return entry;
        }

        CheckRequest query() {
            return query;
        }
    }

    /** Where each step's result goes; every callback runs on the client's event loop. */
    interface Outcome {
        /** False once the client has gone or moved on; the opener then drops what it built. */
        boolean stillWanted(Setup setup);

        void refused(Setup setup, ProxyFailure failure, String decision);

        /** The parent answered our CONNECT with an error the client must see; the receiver releases it. */
        void parentRefused(Setup setup, Verdict verdict, FullHttpResponse response);

        void opened(Setup setup, Verdict verdict, Connected upstream);
    }

    private static final HttpResponseStatus CONNECTION_ESTABLISHED = new HttpResponseStatus(200, "Connection established");
    /** The answer to an allowed CONNECT as the HTTP codec would encode it, made once (direct: written without a copy). */
    private static final ByteBuf ESTABLISHED_BYTES = established();

    private final ProxyEngine engine;

    TunnelOpener(ProxyEngine engine) {
        this.engine = engine;
    }

    void open(Setup setup, EventLoop loop, Outcome outcome) {
        RequestCredentials credentials = new RequestCredentials(setup.source.getIp(), setup.proxyAuthorization,
                setup.ticket, setup.requestId(), setup.target(), setup.entry());
        OnLoop.thenCompose(Identities.authenticate(engine, setup.source, credentials), loop, source -> {
            setup.source = source;
            setup.entry().source(source.getIp(), source.getNamespace(), source.getServiceAccount());
            return OnLoop.thenCompose(Pinning.pin(engine, setup.target(), setup.entry()), loop, pinned -> {
                setup.pinned = pinned;
                setup.query = PolicyQueries.forTunnel(engine.settings().tier(), setup.requestId(), source,
                        setup.target(), Pinning.resolvedIps(pinned));
                return PolicyGates.ask(engine.gate(), setup.query, engine.metrics());
            });
        }).whenCompleteAsync((answer, error) -> {
                    if (!outcome.stillWanted(setup)) {
                        return;
                    }
                    Verdict verdict = Verdict.of(answer, error);
                    setup.entry().decision(verdict.decision(), verdict.decidedBy(), verdict.decisionId());
                    // Before any refusal: a tunnel refused here, or never re-checked by server name, is logged masked.
                    if (answer != null && answer.response() != null) {
                        setup.entry().mask(answer.response().getMaskList());
                    }
                    if (!verdict.allowed()) {
                        outcome.refused(setup, verdict.failure(), verdict.decision());
                        return;
                    }
                    ProxyFailure blocked = Pinning.check(engine, setup.target(), setup.pinned, answer);
                    if (blocked != null) {
                        outcome.refused(setup, blocked, verdict.decision());
                        return;
                    }
                    UpstreamRoute route;
                    try {
                        route = engine.routes().select(verdict.route());
                    } catch (ProxyFailure failure) {
                        outcome.refused(setup, failure, verdict.decision());
                        return;
                    }
                    setup.entry().upstream(route.name(), "");
                    connect(setup, verdict, route, loop, outcome, route.tunnelFailoverAttempts());
                }, loop);
    }

    private void connect(Setup setup, Verdict verdict, UpstreamRoute route, EventLoop loop, Outcome outcome,
            int failoversLeft) {
        route.connectForTunnel(loop, setup.target(), engine.connector(), setup.pinned).whenComplete((connected, failure) ->
                onConnected(setup, verdict, route, connected, failure, outcome, loop, failoversLeft));
    }

    private void onConnected(Setup setup, Verdict verdict, UpstreamRoute route, Connected connected, Throwable failure,
            Outcome outcome, EventLoop loop, int failoversLeft) {
        if (failure != null) {
            if (outcome.stillWanted(setup)) {
                outcome.refused(setup, ProxyFailure.from(failure), verdict.decision());
            }
            return;
        }
        if (!outcome.stillWanted(setup)) {
            connected.channel().close();
            return;
        }
        setup.entry().upstream(route.name(), connected.endpoint().host() + ":" + connected.endpoint().port());
        setup.entry().extra(AccessLog.FIELD_CONNECTED, Connections.remote(connected.channel()));
        Forwarding forwarding = new Forwarding(setup.target(), setup.requestId(), setup.source(), verdict.decisionId());
        route.openTunnel(connected.channel(), forwarding).whenComplete((ignored, openFailure) -> {
            Throwable cause = ProxyFailure.unwrap(openFailure);
            if (failoversLeft > 0 && cause instanceof ProxyFailure lost && lost.kind() == FailureKind.UNREACHABLE
                    && outcome.stillWanted(setup)) {
                // The upstream went away before answering our CONNECT; the client has sent nothing: try the next.
                connected.channel().close();
                route.reportFailure(connected.endpoint(), lost.reason());
                connect(setup, verdict, route, loop, outcome, failoversLeft - 1);
                return;
            }
            onOpened(setup, verdict, connected, openFailure, outcome);
        });
    }

    private static void onOpened(Setup setup, Verdict verdict, Connected connected, Throwable failure,
            Outcome outcome) {
        boolean wanted = outcome.stillWanted(setup);
        if (failure == null && wanted && connected.channel().isActive()) {
            outcome.opened(setup, verdict, connected);
            return;
        }
        connected.channel().close();
        Throwable cause = ProxyFailure.unwrap(failure);
        if (cause instanceof ParentRefusal refusal) {
            if (wanted) {
                outcome.parentRefused(setup, verdict, refusal.response());
            } else {
                refusal.response().release();
            }
        } else if (wanted) {
            outcome.refused(setup, failure == null ? ProxyFailure.from(new IllegalStateException("upstream closed"))
                    : ProxyFailure.from(failure), verdict.decision());
        }
    }

    /**
     * Answers 200 to the client and, once that is on the wire, turns both connections into a counted byte
     * relay with the tunnel idle timeout; {@code whenSwitched} runs then, on the client's event loop.
     */
    static void establish(ProxyEngine engine, ChannelHandlerContext clientContext, Setup setup, Verdict verdict,
            Connected connected, Runnable whenSwitched) {
        Channel client = clientContext.channel();
        Channel channel = connected.channel();
        setup.entry().status(CONNECTION_ESTABLISHED.code(), verdict.reason());
        engine.metrics().requestDone(ProxyMetrics.KIND_TUNNEL, verdict.decision(), CONNECTION_ESTABLISHED.code());
        // A duplicate of the unreleasable bytes: its release after the write leaves them as they are.
        ProxyChannelInitializer.writeBelowHttpCodec(client, ESTABLISHED_BYTES.duplicate()).addListener(written -> {
            if (!written.isSuccess() || !channel.isActive()) {
                channel.close();
                client.close();
                return;
            }
            whenSwitched.run();
            TunnelStats stats = new TunnelStats(engine.metrics(), () -> engine.accessLog().write(setup.entry()),
                    setup.entry());
            Duration idle = engine.limits().tunnelIdleTimeout();
            var inspector = engine.inspector() == null ? null : engine.inspector().inspect(setup.target(), setup.entry());
            ProxyChannelInitializer.switchToTunnel(clientContext, channel, stats, idle, inspector, () -> {
                engine.metrics().limitBreached(ProxyLimits.TUNNEL_IDLE);
                setup.entry().extraIfAbsent(AccessLog.FIELD_END, AccessLog.END_IDLE_TIMEOUT);
                setup.entry().status(CONNECTION_ESTABLISHED.code(), "closed: " + ProxyLimits.TUNNEL_IDLE + " timeout of "
                        + idle.toMillis() + " ms");
            });
        });
    }

    private static ByteBuf established() {
        byte[] head = ("HTTP/1.1 " + CONNECTION_ESTABLISHED.code() + " " + CONNECTION_ESTABLISHED.reasonPhrase() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(head.length).writeBytes(head));
    }
}
