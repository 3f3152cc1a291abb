package com.aibang.egress.proxy;

import com.aibang.egress.proxy.policy.PolicyGate;
import com.aibang.egress.proxy.policy.RequestAuthenticator;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.upstream.RouteTable;
import com.aibang.egress.proxy.upstream.UpstreamConnector;

/**
 * Everything a client connection needs, shared by all connections of one server.
 *
 * @param settings network settings and tier
 * @param gate the policy gate asked before every request and tunnel
 * @param identity who the caller is, from the connection
 * @param authenticator who the caller is, from the request's credentials (takes precedence)
 * @param routes how allowed traffic leaves, by the decision's route
 * @param connector resolves and connects upstream endpoints
 * @param limits protection limits
 * @param metrics meters
 * @param accessLog access lines
 * @param guard DNS pinning and SSRF guard; null when destinations are not pinned (tier 1)
 * @param inspector looks at each tunnel's first client bytes; null for none
 * @param listener source ranges and TLS of the listener
 * @param cache HTTP cache for plain GET responses; null when off
 */
public record ProxyEngine(ProxySettings settings, PolicyGate gate, SourceIdentityResolver identity,
        RequestAuthenticator authenticator, RouteTable routes, UpstreamConnector connector, ProxyLimits limits,
        ProxyMetrics metrics, AccessLog accessLog, com.aibang.egress.proxy.guard.DestinationGuard guard,
        com.aibang.egress.proxy.http.TunnelInspector inspector, ListenerSecurity listener,
        com.aibang.egress.proxy.cache.HttpCache cache) {
}
