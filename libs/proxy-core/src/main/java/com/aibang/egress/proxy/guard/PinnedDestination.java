package com.aibang.egress.proxy.guard;

import java.net.InetAddress;
import java.util.List;

/**
 * The addresses a destination resolved to, once: the policy sees them, the SSRF guard checks them, and the
 * connection is made to exactly these (no second lookup).
 *
 * @param addresses resolved (or literal) addresses, in the order they are tried
 */
public record PinnedDestination(List<InetAddress> addresses) {

    public PinnedDestination {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a pinned destination needs at least one address");
        }
    }

    /** Canonical textual forms, as the policy receives them in destination.resolved_ips. */
    public List<String> ips() {
        return addresses.stream().map(PinnedDestination::text).toList();
    }

    static String text(InetAddress address) {
        return io.netty.util.NetUtil.toAddressString(address);
    }
}
