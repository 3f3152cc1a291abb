package com.aibang.egress.proxy.http;

import io.netty.channel.Channel;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;

/** How audit lines name the far end of a connection: {@code ip:port}, IPv6 in brackets. */
final class Connections {

    private Connections() {
    }

    static String remote(Channel channel) {
        if (channel.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null) {
            String ip = NetUtil.toAddressString(address.getAddress());
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + address.getPort();
        }
        return "";
    }
}
