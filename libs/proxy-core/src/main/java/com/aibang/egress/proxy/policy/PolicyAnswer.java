package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckResponse;

/**
 * A decision and where it came from.
 *
 * @param response the decision
 * @param decidedBy {@code policy-service}, or {@code cache} when degraded mode reused an earlier allow
 */
public record PolicyAnswer(CheckResponse response, String decidedBy) {
}
