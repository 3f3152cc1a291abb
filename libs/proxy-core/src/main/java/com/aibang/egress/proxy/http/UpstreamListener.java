package com.aibang.egress.proxy.http;

import io.netty.channel.Channel;

/** What an upstream HTTP connection reports to the client side that owns it. */
public interface UpstreamListener {

    void onUpstreamMessage(Channel upstream, Object msg);

    void onUpstreamReadComplete(Channel upstream);

    void onUpstreamWritabilityChanged(Channel upstream);

    void onUpstreamIdle(Channel upstream);

    void onUpstreamClosed(Channel upstream);

    /** The upstream ended its output while the connection stays open (only while half-closure is allowed). */
    default void onUpstreamInputShutdown(Channel upstream) {
        upstream.close();
    }
}
