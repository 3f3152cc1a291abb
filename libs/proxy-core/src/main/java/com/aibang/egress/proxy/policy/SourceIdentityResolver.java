package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.Source;
import java.net.InetSocketAddress;

/** Learns who the caller is from its connection; the default knows only the source IP. */
@FunctionalInterface
public interface SourceIdentityResolver {

    SourceIdentityResolver IP_ONLY = remote -> Source.newBuilder().setIp(ipOf(remote)).build();

    Source identify(InetSocketAddress remote);

    /** The textual source IP of a connection, empty when unknown. */
    static String ipOf(InetSocketAddress remote) {
        if (remote == null || remote.getAddress() == null) {
            return "";
        }
        return remote.getAddress().getHostAddress();
    }
}
