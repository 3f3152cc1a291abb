package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.ProxyTierConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.unix.RawUnixChannelOption;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Chooses the TCP congestion control of the proxy's own connections (client side and upstream side) when
 * {@code <tier>.tcp-congestion-control} names one; unset, every connection keeps the system default
 * ({@code net.ipv4.tcp_congestion_control}).
 *
 * <p>Why a proxy may want its own: BBR without the {@code fq} qdisc (the case on loopback and on hosts whose
 * default qdisc is not fq) paces every connection inside TCP with a high-resolution timer per throttled burst.
 * A splice relay sends bursts of up to a pipe's worth (1 MiB) at once, so it is throttled constantly; on a VM every
 * timer arm and interrupt costs a hypervisor exit. Measured on the 2-vCPU bench VM (default bbr, plain HTTP through
 * both tiers): the two proxies' CPU per 100 MB fell from ~60 to ~28 ms with {@code reno}, the chain's rate rose
 * ~1.3-1.5x. Unset by default: the right algorithm depends on the network. An unprivileged process may only pick what
 * {@code net.ipv4.tcp_allowed_congestion_control} lists (always {@code reno}, plus the default); a refusal is
 * logged once and the connection keeps the default.
 */
public final class TcpCongestion {

    /** TCP_CONGESTION's level and name in linux/tcp.h. */
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_CONGESTION = 13;
    /** TCP_CA_NAME_MAX, the terminating zero included. */
    private static final int NAME_MAX = 16;
    private static final Pattern VALID_NAME = Pattern.compile("[a-z0-9_]{1,15}");
    private static final RawUnixChannelOption READ_OPTION =
            new RawUnixChannelOption("TCP_CONGESTION", IPPROTO_TCP, TCP_CONGESTION, NAME_MAX);
    private static final Logger LOG = Logger.getLogger(TcpCongestion.class);
    /** The configured algorithm (null: system default) and the property that named it, for log lines. */
    private static volatile Setting configured;
    private static volatile String property = "tcp-congestion-control";
    private static volatile boolean refusalLogged;

    private TcpCongestion() {
    }

    /**
     * Takes {@code <prefix>.tcp-congestion-control} for every connection from now on (one setting per process); a
     * value that cannot be an algorithm's name is refused naming the property. Whether the kernel allows it shows at
     * the first connection (one WARN, then the system default).
     */
    public static void configure(String prefix, ProxyTierConfig config) {
        String name = prefix + ".tcp-congestion-control";
        String value = config.tcpCongestionControl().map(String::trim).orElse("");
        if (value.isEmpty()) {
            configured = null;
            return;
        }
        if (!VALID_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be a congestion control name (1-15 of a-z, 0-9, _, "
                    + "e.g. reno or cubic), got '" + value + "'");
        }
        property = name;
        refusalLogged = false;
        configured = Setting.of(value);
        LOG.infof("proxy connections use TCP congestion control %s (%s)", value, name);
    }

    /** Applies the configured algorithm to a new proxy connection (nothing when none is configured). */
    static void apply(Channel channel) {
        Setting setting = configured;
        if (setting != null) {
            // A view of the one shared buffer: no allocation per connection.
            set(channel, setting.name(), setting.option(), setting.value().duplicate());
        }
    }

    /**
     * Sets {@code algorithm} on {@code channel}'s socket; false (and one log line per process) when the transport has
     * no such option or the kernel refuses the name: the connection then keeps the system default.
     */
    static boolean apply(Channel channel, String algorithm) {
        Setting setting = Setting.of(algorithm);
        return set(channel, algorithm, setting.option(), setting.value());
    }

    private static boolean set(Channel channel, String algorithm, RawUnixChannelOption option, ByteBuffer value) {
        String refusal;
        try {
            if (channel.config().setOption(option, value)) {
                return true;
            }
            refusal = "the transport (" + channel.getClass().getSimpleName() + ") sets no raw socket options";
        } catch (ChannelException e) {
            refusal = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        }
        if (!refusalLogged) {
            refusalLogged = true;
            LOG.warnf("%s=%s: the kernel refused it (%s; see net.ipv4.tcp_allowed_congestion_control); proxy "
                    + "connections keep the system default", property, algorithm, refusal);
        }
        return false;
    }

    /** The algorithm {@code channel}'s socket uses, or null when it cannot be read (not a native epoll socket). */
    static String current(Channel channel) {
        ByteBuffer value;
        try {
            value = channel.config().getOption(READ_OPTION);
        } catch (ChannelException e) {
            return null;
        }
        if (value == null) {
            return null;
        }
        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    /** An algorithm's name as the socket option takes it: its bytes in a direct buffer, no terminating zero. */
    private record Setting(String name, RawUnixChannelOption option, ByteBuffer value) {
        static Setting of(String name) {
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            return new Setting(name, new RawUnixChannelOption("TCP_CONGESTION", IPPROTO_TCP, TCP_CONGESTION,
                    bytes.length), ByteBuffer.allocateDirect(bytes.length).put(bytes).flip());
        }
    }
}
