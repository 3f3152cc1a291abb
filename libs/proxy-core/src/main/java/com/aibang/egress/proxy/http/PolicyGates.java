package com.aibang.egress.proxy.http;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.proxy.policy.PolicyGate;
import java.util.concurrent.CompletableFuture;

/** Calls a gate so that even a gate throwing instead of failing its future ends in a (fail-closed) answer. */
final class PolicyGates {

    private PolicyGates() {
    }

    static CompletableFuture<CheckResponse> ask(PolicyGate gate, CheckRequest query) {
        try {
            return gate.check(query);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
