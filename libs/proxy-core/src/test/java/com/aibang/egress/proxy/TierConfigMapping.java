package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

/**
 * Checks a tier's mapping of {@link ProxyTierConfig} (and of its ticket's {@link ProxyTierConfig.TicketAlgorithmSetting})
 * as the apps read it: the names and defaults declared once in proxy-core apply under the tier's prefix. Map with
 * {@code PolicySettingsMapping.map}; shared with the tiers' tests through the test jar.
 */
public final class TierConfigMapping {

    private TierConfigMapping() {
    }

    /**
     * Nothing set: listens on 0.0.0.0:3128; connect 5 s, upstream 60 s, idle 120 s; event loops per core (0); splice pipes
     * of 1 MiB within 16 MiB; the system's TCP congestion control.
     */
    public static void assertDefaults(ProxyTierConfig config) {
        assertEquals("0.0.0.0", config.listen().host());
        assertEquals(3128, config.listen().port());
        assertEquals(Duration.ofSeconds(5), config.connectTimeout());
        assertEquals(Duration.ofSeconds(60), config.upstreamTimeout());
        assertEquals(Duration.ofSeconds(120), config.idleTimeout());
        assertEquals(0, config.eventLoopThreads());
        assertEquals(1 << 20, config.splice().pipeBytes());
        assertEquals(16L << 20, config.splice().pipeBudgetBytes());
        assertTrue(config.tcpCongestionControl().isEmpty());
    }

    /** Nothing set: tickets are ES256. */
    public static void assertDefaultTicketAlgorithm(ProxyTierConfig.TicketAlgorithmSetting ticket) {
        assertEquals("ES256", ticket.algorithm());
    }

    /** Every shared setting under {@code prefix} (e.g. {@code edge}) with a value other than its default. */
    public static Map<String, String> everySettingChanged(String prefix) {
        return Map.of(prefix + ".listen.host", "127.0.0.9", prefix + ".listen.port", "4000",
                prefix + ".connect-timeout", "2s", prefix + ".upstream-timeout", "3s", prefix + ".idle-timeout", "4s",
                prefix + ".event-loop-threads", "1", prefix + ".ticket.algorithm", "HS256",
                prefix + ".splice.pipe-bytes", "262144", prefix + ".splice.pipe-budget-bytes", "4194304",
                prefix + ".tcp-congestion-control", "reno");
    }

    /** The settings read from {@link #everySettingChanged}: each property reached its setting. */
    public static void assertEverySettingChanged(ProxyTierConfig config, ProxyTierConfig.TicketAlgorithmSetting ticket) {
        assertEquals("127.0.0.9", config.listen().host());
        assertEquals(4000, config.listen().port());
        assertEquals(Duration.ofSeconds(2), config.connectTimeout());
        assertEquals(Duration.ofSeconds(3), config.upstreamTimeout());
        assertEquals(Duration.ofSeconds(4), config.idleTimeout());
        assertEquals(1, config.eventLoopThreads());
        assertEquals(262144, config.splice().pipeBytes());
        assertEquals(4194304L, config.splice().pipeBudgetBytes());
        assertEquals("reno", config.tcpCongestionControl().orElseThrow());
        assertEquals("HS256", ticket.algorithm());
    }
}
