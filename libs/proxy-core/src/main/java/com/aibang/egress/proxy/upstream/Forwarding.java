package com.aibang.egress.proxy.upstream;

import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.target.Target;

/**
 * What a route needs to know about one allowed request or tunnel it forwards.
 *
 * @param target normalised destination
 * @param requestId id shared by both tiers' log lines
 * @param source the caller as the policy saw it
 * @param decisionId id of the decision that allowed it (empty when unknown)
 */
public record Forwarding(Target target, String requestId, Source source, String decisionId) {
}
