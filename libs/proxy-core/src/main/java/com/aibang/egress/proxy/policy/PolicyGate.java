package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.ReuseAck;
import com.aibang.egress.policy.v1.ReuseReport;
import com.aibang.egress.proxy.AccessLog;
import java.util.concurrent.CompletableFuture;

/**
 * Asks whether one new request or tunnel may proceed. Must never block the caller; the future
 * completes exceptionally when no decision could be obtained (the proxy then fails closed).
 */
public interface PolicyGate {

    CompletableFuture<CheckResponse> check(CheckRequest request);

    /** The decision with its origin; gates that can answer from elsewhere (degraded mode) override this. */
    default CompletableFuture<PolicyAnswer> decide(CheckRequest request) {
        return check(request).thenApply(response -> new PolicyAnswer(response, AccessLog.DECIDED_BY_POLICY));
    }

    /**
     * Sends a report of reused decisions to the policy-service; must not block the caller. Gates that cannot
     * reach a policy-service fail the future, so the reuses are counted as dropped.
     */
    default CompletableFuture<ReuseAck> reportReuse(ReuseReport report) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                getClass().getSimpleName() + " cannot report reused decisions"));
    }

    /** True while decisions can be obtained (readiness). */
    default boolean reachable() {
        return true;
    }
}
