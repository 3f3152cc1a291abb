package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.ListenerSecurity;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.testing.RawHttp;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Only configured source ranges may connect; others are closed before any HTTP is parsed, and counted. */
class SourceRangesTest {

    @Test
    void sourceOutsideTheRangesIsClosedWithoutAnAnswerAndCounted() throws Exception {
        try (Tier2 tier2 = new Tier2(Tier2.allow(Set.of()), "", builder -> builder.listener(
                new ListenerSecurity(SourceRanges.parse(List.of("127.0.0.2/32")), null)))) {
            try (RawHttp outside = new RawHttp("127.0.0.3", tier2.port())) {
                // Whatever it sends, no HTTP answer comes back: the connection is just closed.
                assertTrue(closedWithoutAnswer(outside));
            }
            assertEquals(1.0, tier2.counter(ProxyMetrics.SOURCES_REFUSED));
            assertTrue(tier2.policy.received().isEmpty(), "the policy was asked for a refused source");
            try (RawHttp inside = new RawHttp("127.0.0.2", tier2.port())) {
                // Allowed source: it is served (here refused by the SSRF guard, proving HTTP was parsed).
                assertEquals(403, inside.send("CONNECT 127.0.0.1:1 HTTP/1.1\r\n\r\n").read().status());
            }
            assertEquals(1.0, tier2.counter(ProxyMetrics.SOURCES_REFUSED));
        }
    }

    @Test
    void rangesAreMatchedByPrefix() {
        SourceRanges ranges = SourceRanges.parse(List.of("10.0.0.0/8", "192.168.4.0/22", "::1/128"));
        assertTrue(ranges.test(address("10.200.1.1")));
        assertTrue(ranges.test(address("192.168.7.255")));
        assertTrue(!ranges.test(address("192.168.8.0")));
        assertTrue(ranges.test(address("::1")));
        assertTrue(!ranges.test(address("127.0.0.1")));
    }

    @Test
    void invalidRangesAreNamed() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SourceRanges.parse(List.of("10.0.0.0/33")));
        assertTrue(error.getMessage().contains("10.0.0.0/33"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SourceRanges.parse(List.of("not-an-ip")));
    }

    /** End of stream or a reset, with not one byte of answer, whatever the client sends. */
    private static boolean closedWithoutAnswer(RawHttp client) {
        try {
            client.send("CONNECT anything.test:443 HTTP/1.1\r\n\r\n");
            return client.socket().getInputStream().read() < 0;
        } catch (java.io.IOException reset) {
            return true;
        }
    }

    private static java.net.InetAddress address(String text) {
        try {
            return java.net.InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
