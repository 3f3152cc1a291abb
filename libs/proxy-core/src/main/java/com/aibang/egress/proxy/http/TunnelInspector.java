package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.target.Target;
import io.netty.channel.ChannelHandler;

/**
 * Looks at a tunnel's first client bytes before any reach the upstream (tier 2: the TLS ClientHello's
 * server name). The handler sits on the client side just ahead of the relay; it passes bytes on, or closes
 * the client connection (which closes the tunnel) and says why in the entry.
 */
@FunctionalInterface
public interface TunnelInspector {

    /** The inspecting handler for one tunnel, or null to relay at once. */
    ChannelHandler inspect(Target target, AccessEntry entry);
}
