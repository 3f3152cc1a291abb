package com.aibang.egress.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** CIDR parsing and matching. */
class CidrIdentityResolverTest {

    @Test
    void containsHonoursThePrefix() throws Exception {
        Cidr net = Cidr.parse("10.4.0.0/14");
        assertTrue(net.contains(InetAddress.getByName("10.7.255.1")));
        assertFalse(net.contains(InetAddress.getByName("10.8.0.1")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("192.0.2.1")));
        assertTrue(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:1::5")));
        assertFalse(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("10.0.0.1")));
        assertEquals(32, Cidr.parse("127.0.0.2").prefixLength());
    }

    @Test
    void badCidrsAreRejected() {
        for (String bad : new String[] {"10.0.0.0/33", "10.0.0/8", "example.com/8", "10.0.0.0/x", "::/129"}) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
        }
    }
}
