package com.aibang.egress.proxy.http;

import com.aibang.egress.policy.v1.CheckRequest;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;

/**
 * The policy query a tunnel was allowed with, kept on the client channel so that a {@link TunnelInspector}
 * can ask the policy again with what it learns from the first bytes (tier 2: the TLS server name).
 */
public final class TunnelQuery {

    private static final AttributeKey<CheckRequest> KEY = AttributeKey.valueOf(TunnelQuery.class, "query");

    private TunnelQuery() {
    }

    /**
     * Keeps the tunnel's query on the client channel, its {@code destination.resolved_ips} being the address
     * the tunnel is connected to (the pinned address actually used).
     */
    static void attach(Channel client, CheckRequest query, Channel upstream) {
        CheckRequest.Builder builder = query.toBuilder();
        if (upstream.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null) {
            builder.getDestinationBuilder().clearResolvedIps()
                    .addResolvedIps(NetUtil.toAddressString(address.getAddress()));
        }
        client.attr(KEY).set(builder.build());
    }

    /** The query the tunnel on this client channel was allowed with; null when none was kept. */
    public static CheckRequest of(Channel client) {
        return client.attr(KEY).get();
    }
}
