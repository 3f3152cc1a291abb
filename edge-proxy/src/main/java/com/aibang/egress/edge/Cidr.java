package com.aibang.egress.edge;

import io.netty.util.NetUtil;
import java.net.InetAddress;

/** An IPv4 or IPv6 network in CIDR notation. */
record Cidr(byte[] network, int prefixLength, String text) {

    /**
     * Parses {@code a.b.c.d/n} or {@code v6::/n}; a bare address is a host route.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address: '" + address + "' in CIDR '" + text + "'");
        }
        int maxPrefix = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? maxPrefix : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid prefix length in CIDR '" + text + "'");
        }
        if (prefix < 0 || prefix > maxPrefix) {
            throw new IllegalArgumentException("prefix length must be 0.." + maxPrefix + " in CIDR '" + text + "'");
        }
        return new Cidr(mask(bytes, prefix), prefix, trimmed);
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        byte[] masked = mask(candidate, prefixLength);
        return java.util.Arrays.equals(masked, network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] = (byte) (masked[i] & (0xff << (8 - bits)));
        }
        return masked;
    }
}
