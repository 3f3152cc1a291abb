package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Asks whether one new request or tunnel may proceed. Must never block the caller; the future
 * completes exceptionally when no decision could be obtained (the proxy then fails closed).
 */
public interface PolicyGate {

    CompletableFuture<CheckResponse> check(CheckRequest request);
}
