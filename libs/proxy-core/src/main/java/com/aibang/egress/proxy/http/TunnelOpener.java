package com.aibang.egress.proxy.http;

import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.ProxyEngine;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.policy.PolicyQueries;
import com.aibang.egress.proxy.policy.Verdict;
import com.aibang.egress.proxy.target.Target;
import com.aibang.egress.proxy.upstream.ParentRefusal;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;

/** Takes a CONNECT through policy check, connect and (via a parent) the upstream CONNECT, to a ready upstream. */
final class TunnelOpener {

    /** A CONNECT being opened. */
    record Setup(String requestId, Target target) {
    }

    /** Where each step's result goes; every callback runs on the client's event loop. */
    interface Outcome {
        /** False once the client has gone or moved on; the opener then drops what it built. */
        boolean stillWanted(Setup setup);

        void refused(Setup setup, ProxyFailure failure, String decision);

        /** The parent answered our CONNECT with an error the client must see; the receiver releases it. */
        void parentRefused(Setup setup, Verdict verdict, FullHttpResponse response);

        void opened(Setup setup, Verdict verdict, Channel upstream);
    }

    private final ProxyEngine engine;

    TunnelOpener(ProxyEngine engine) {
        this.engine = engine;
    }

    void open(Setup setup, Source source, EventLoop loop, Outcome outcome) {
        PolicyGates.ask(engine.gate(), PolicyQueries.forTunnel(engine.settings().tier(), setup.requestId(), source,
                setup.target())).whenCompleteAsync((answer, error) -> {
                    if (!outcome.stillWanted(setup)) {
                        return;
                    }
                    Verdict verdict = Verdict.of(answer, error);
                    if (!verdict.allowed()) {
                        outcome.refused(setup, verdict.failure(), verdict.decision());
                        return;
                    }
                    engine.connector().connect(loop, engine.route().endpointFor(setup.target()))
                            .whenComplete((channel, failure) -> onConnected(setup, verdict, channel, failure, outcome));
                }, loop);
    }

    private void onConnected(Setup setup, Verdict verdict, Channel channel, Throwable failure, Outcome outcome) {
        if (failure != null) {
            if (outcome.stillWanted(setup)) {
                outcome.refused(setup, ProxyFailure.from(failure), verdict.decision());
            }
            return;
        }
        if (!outcome.stillWanted(setup)) {
            channel.close();
            return;
        }
        engine.route().openTunnel(channel, setup.target(), setup.requestId())
                .whenComplete((ignored, openFailure) -> onOpened(setup, verdict, channel, openFailure, outcome));
    }

    private static void onOpened(Setup setup, Verdict verdict, Channel channel, Throwable failure, Outcome outcome) {
        boolean wanted = outcome.stillWanted(setup);
        if (failure == null && wanted && channel.isActive()) {
            outcome.opened(setup, verdict, channel);
            return;
        }
        channel.close();
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
}
