package com.aibang.egress.proxy.http;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.policy.PolicyAnswer;
import com.aibang.egress.proxy.policy.PolicyGate;
import java.util.concurrent.CompletableFuture;

/** Calls a gate so that even a gate throwing instead of failing its future ends in a (fail-closed) answer; times it. */
final class PolicyGates {

    private PolicyGates() {
    }

    static CompletableFuture<PolicyAnswer> ask(PolicyGate gate, CheckRequest query, ProxyMetrics metrics) {
        long started = System.nanoTime();
        CompletableFuture<PolicyAnswer> answer;
        try {
            answer = gate.decide(query);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.whenComplete((result, error) ->
                metrics.decisionLatency(System.nanoTime() - started, error == null));
    }
}
