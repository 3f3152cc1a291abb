package com.aibang.egress.proxy.upstream;

import io.netty.channel.Channel;

/**
 * A connected upstream channel (auto-read off) and the endpoint it reached.
 *
 * @param channel the connection
 * @param endpoint destination or parent it is connected to
 */
public record Connected(Channel channel, UpstreamEndpoint endpoint) {
}
