package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.target.Target;

/** Builds the {@code Check} request for a plain request or a tunnel. */
public final class PolicyQueries {

    /** Method value the policy sees for tunnels. */
    public static final String CONNECT = "CONNECT";

    private PolicyQueries() {
    }

    /** A plain {@code http://} request. */
    public static CheckRequest forRequest(ProxyTier tier, String requestId, Source source, Target target, String method) {
        return build(tier, requestId, source, Destination.newBuilder()
                .setHost(target.host())
                .setPort(target.port())
                .setMethod(method)
                .setScheme("http")
                .setPath(target.path()));
    }

    /** A CONNECT tunnel; assumed to carry TLS, so the scheme is https. */
    public static CheckRequest forTunnel(ProxyTier tier, String requestId, Source source, Target target) {
        return build(tier, requestId, source, Destination.newBuilder()
                .setHost(target.host())
                .setPort(target.port())
                .setMethod(CONNECT)
                .setScheme("https"));
    }

    /**
     * The query of a tunnel's second check (tier 2's server-name re-check) marked as repeating decision
     * {@code decisionId}, so the policy-service logs it without counting the tunnel again in its rate limits.
     */
    public static CheckRequest recheckOf(CheckRequest query, String decisionId) {
        return decisionId == null || decisionId.isEmpty() ? query : query.toBuilder().setRecheckOf(decisionId).build();
    }

    private static CheckRequest build(ProxyTier tier, String requestId, Source source, Destination.Builder destination) {
        return CheckRequest.newBuilder()
                .setTier(tier.protoTier())
                .setRequestId(requestId)
                .setSource(source)
                .setDestination(destination)
                .build();
    }
}
