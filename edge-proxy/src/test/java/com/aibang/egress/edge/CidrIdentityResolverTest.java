package com.aibang.egress.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.policy.PolicySettingsMapping;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CIDR parsing and matching; identities built once per address. */
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

    @Test
    void eachAddressGetsItsIdentityBuiltOnceAndSharedByItsRequests() throws Exception {
        CidrIdentityResolver resolver = CidrIdentityResolver.from(PolicySettingsMapping.map(EdgeConfig.class, Map.of(
                "edge.identities.\"10.4.0.0/16\".namespace", "payments",
                "edge.identities.\"10.4.0.0/16\".service-account", "api",
                "edge.identities.\"10.4.0.0/16\".labels.app", "api")).identities());
        Source first = resolver.identify(new InetSocketAddress(InetAddress.getByName("10.4.1.2"), 40000));
        assertEquals(Source.newBuilder().setIp("10.4.1.2").setNamespace("payments").setServiceAccount("api")
                .putLabels("app", "api").setAuthenticatedBy(CidrIdentityResolver.AUTHENTICATED_BY).build(), first);
        assertSame(first, resolver.identify(new InetSocketAddress(InetAddress.getByName("10.4.1.2"), 40001)),
                "another connection of the same address shares the identity");
        Source other = resolver.identify(new InetSocketAddress(InetAddress.getByName("10.4.1.3"), 40000));
        assertNotSame(first, other);
        assertEquals("10.4.1.3", other.getIp());
        assertEquals("payments", other.getNamespace());
        assertEquals(Source.newBuilder().setIp("192.0.2.1").build(),
                resolver.identify(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 40000)), "outside: IP only");
    }
}
