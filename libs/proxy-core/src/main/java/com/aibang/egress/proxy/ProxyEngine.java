package com.aibang.egress.proxy;

import com.aibang.egress.proxy.policy.PolicyGate;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.upstream.UpstreamConnector;
import com.aibang.egress.proxy.upstream.UpstreamRoute;

/**
 * Everything a client connection needs, shared by all connections of one server.
 *
 * @param settings network settings and tier
 * @param gate the policy gate asked before every request and tunnel
 * @param identity who the caller is
 * @param route direct or via a parent
 * @param connector resolves and connects upstream endpoints
 */
public record ProxyEngine(ProxySettings settings, PolicyGate gate, SourceIdentityResolver identity,
        UpstreamRoute route, UpstreamConnector connector) {
}
