package com.aibang.egress.proxy.http;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.Destination;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;

/**
 * The policy query a tunnel was allowed with, kept on the client channel so that a {@link TunnelInspector}
 * can ask the policy again with what it learns from the first bytes (tier 2: the TLS server name).
 *
 * <p>What is kept are the parts (the allowed query, its decision id, the connected address); the re-check query
 * is built from them once, when it is asked for, rather than a query per step of the tunnel's setup.
 */
public final class TunnelQuery {

    private static final AttributeKey<TunnelQuery> KEY = AttributeKey.valueOf(TunnelQuery.class, "query");

    private final CheckRequest allowed;
    private final String decisionId;
    private final String connectedIp;

    private TunnelQuery(CheckRequest allowed, String decisionId, String connectedIp) {
        this.allowed = allowed;
        this.decisionId = decisionId;
        this.connectedIp = connectedIp;
    }

    /**
     * Keeps the tunnel's query on the client channel: {@code allowed} as it was asked (its resolved ips are
     * replaced by the address the tunnel is connected to, the pinned address actually used) and the id of the
     * decision that allowed it, which the re-check names as {@code recheck_of}.
     */
    static void attach(Channel client, CheckRequest allowed, String decisionId, Channel upstream) {
        String connected = upstream.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? NetUtil.toAddressString(address.getAddress()) : null;
        client.attr(KEY).set(new TunnelQuery(allowed, decisionId, connected));
    }

    /** The re-check query of the tunnel on this client channel (without a server name); null when none was kept. */
    public static CheckRequest of(Channel client) {
        TunnelQuery kept = client.attr(KEY).get();
        return kept == null ? null : kept.recheck(null);
    }

    /**
     * The re-check query of the tunnel on this client channel with {@code destination.sni} set to
     * {@code serverName}; null when none was kept.
     */
    public static CheckRequest withServerName(Channel client, String serverName) {
        TunnelQuery kept = client.attr(KEY).get();
        return kept == null ? null : kept.recheck(serverName);
    }

    private CheckRequest recheck(String serverName) {
        CheckRequest.Builder builder = allowed.toBuilder();
        if (decisionId != null && !decisionId.isEmpty()) {
            // Marked as a re-check of this decision: the policy-service logs it but does not count the tunnel again.
            builder.setRecheckOf(decisionId);
        }
        Destination.Builder destination = builder.getDestinationBuilder();
        if (connectedIp != null) {
            // The address actually connected to replaces the candidates the tunnel was asked with.
            destination.clearResolvedIps().addResolvedIps(connectedIp);
        }
        if (serverName != null) {
            destination.setSni(serverName);
        }
        return builder.build();
    }
}
