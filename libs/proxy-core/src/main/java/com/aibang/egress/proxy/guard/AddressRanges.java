package com.aibang.egress.proxy.guard;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Names the guarded range an address falls in (loopback, private, link-local, CGNAT, unspecified,
 * multicast, reserved, ULA), or null for a public address. IPv4 embedded in IPv6 (mapped,
 * compatible, NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo) is judged by the embedded address.
 */
public final class AddressRanges {

    public static final String LOOPBACK = "loopback";
    public static final String PRIVATE = "private";
    public static final String LINK_LOCAL = "link_local";
    public static final String CGNAT = "cgnat";
    public static final String UNSPECIFIED = "unspecified";
    public static final String MULTICAST = "multicast";
    public static final String RESERVED = "reserved";
    public static final String UNIQUE_LOCAL = "unique_local";

    private AddressRanges() {
    }

    /** The guarded range of {@code address}, or null when it is public. */
    public static String guardedRange(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(bytes, 0);
        }
        if (address instanceof Inet6Address) {
            return ipv6(bytes);
        }
        return RESERVED;
    }

    private static String ipv4(byte[] b, int at) {
        int a0 = b[at] & 0xff;
        int a1 = b[at + 1] & 0xff;
        if (a0 == 0) {
            return UNSPECIFIED;
        }
        if (a0 == 127) {
            return LOOPBACK;
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return PRIVATE;
        }
        if (a0 == 169 && a1 == 254) {
            return LINK_LOCAL;
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return CGNAT;
        }
        if (a0 >= 224 && a0 <= 239) {
            return MULTICAST;
        }
        if (a0 >= 240) {
            // 240/4 reserved and 255.255.255.255 broadcast.
            return RESERVED;
        }
        if (a0 == 192 && a1 == 0 && (b[at + 2] & 0xff) == 0) {
            // 192.0.0.0/24: IETF protocol assignments (e.g. DS-Lite), never a public service.
            return RESERVED;
        }
        if (a0 == 198 && (a1 == 18 || a1 == 19)) {
            // 198.18.0.0/15: benchmarking, used inside networks.
            return RESERVED;
        }
        return null;
    }

    private static String ipv6(byte[] b) {
        if (allZero(b, 0, 16)) {
            return UNSPECIFIED;
        }
        if (allZero(b, 0, 15) && b[15] == 1) {
            return LOOPBACK;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0xff) {
            return MULTICAST;
        }
        if ((first & 0xfe) == 0xfc) {
            return UNIQUE_LOCAL;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return LINK_LOCAL;
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            // fec0::/10, deprecated site-local: private by intent.
            return PRIVATE;
        }
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return ipv4(b, 12); // ::ffff:a.b.c.d mapped
        }
        if (allZero(b, 0, 12)) {
            return ipv4(b, 12); // ::a.b.c.d compatible (deprecated)
        }
        if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            // 64:ff9b::/96 well-known NAT64 prefix; 64:ff9b:1::/48 local-use NAT64 is internal by definition.
            return allZero(b, 4, 12) ? ipv4(b, 12) : PRIVATE;
        }
        if (first == 0x20 && second == 0x02) {
            return ipv4(b, 2); // 2002:AABB:CCDD::/48 6to4
        }
        if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) {
            // 2001:0::/32 Teredo: the client's IPv4 address is stored inverted in the last 32 bits.
            byte[] client = new byte[4];
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~b[12 + i];
            }
            return ipv4(client, 0);
        }
        return null;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
