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

    /**
     * A plain {@code http://} request whose destination resolved (pinned) to {@code resolvedIps} (empty without
     * pinning), built in one go (not built and then copied with the addresses: this runs for every request).
     */
    public static CheckRequest forRequest(ProxyTier tier, String requestId, Source source, Target target, String method,
            Iterable<String> resolvedIps) {
        return build(tier, requestId, source, Destination.newBuilder()
                .setHost(target.host())
                .setPort(target.port())
                .setMethod(method)
                .setScheme("http")
                .setPath(target.path())
                .addAllResolvedIps(resolvedIps));
    }

    /**
     * A CONNECT tunnel, assumed to carry TLS (scheme https), whose destination resolved (pinned) to
     * {@code resolvedIps} (empty without pinning); built in one go, asked and kept for the re-check as it is.
     */
    public static CheckRequest forTunnel(ProxyTier tier, String requestId, Source source, Target target,
            Iterable<String> resolvedIps) {
        return build(tier, requestId, source, Destination.newBuilder()
                .setHost(target.host())
                .setPort(target.port())
                .setMethod(CONNECT)
                .setScheme("https")
                .addAllResolvedIps(resolvedIps));
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
