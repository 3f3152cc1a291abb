package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.ProxyLimits;
import com.aibang.egress.proxy.TierConfigMapping;
import com.aibang.egress.proxy.policy.PolicySettingsMapping;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What tier 2 does when nothing is configured: the mapping's own defaults, without application.properties. */
class EgressDefaultsTest {

    private static final EgressConfig DEFAULTS = defaults();

    private static EgressConfig defaults() {
        return PolicySettingsMapping.map(EgressConfig.class, Map.of());
    }

    @Test
    void onlyTheTier1RangeMayConnectNotLocalProcesses() throws Exception {
        SourceRanges ranges = SourceRanges.parse(DEFAULTS.allowedSourceCidrs());
        assertTrue(ranges.test(InetAddress.getByName("10.4.0.7")));
        assertFalse(ranges.test(InetAddress.getByName("127.0.0.1")), "loopback is allowed by default");
        assertFalse(ranges.test(InetAddress.getByName("::1")), "IPv6 loopback is allowed by default");
        assertFalse(ranges.test(InetAddress.getByName("192.168.1.5")));
    }

    @Test
    void limitsLeaveRoomForWhatTier1ForwardsAndBoundOneSource() {
        ProxyLimits limits = EgressProxy.limits(DEFAULTS.limits());
        assertEquals(new ProxyLimits(16384, 32768, 200, Duration.ofSeconds(10), Duration.ofMinutes(11), 50000), limits);
    }

    /** The names and defaults declared once in proxy-core's PolicyClientSettings apply under egress.policy. */
    @Test
    void policySettingsTakeTheSharedNamesAndDefaults() {
        PolicySettingsMapping.assertDefaults(DEFAULTS.policy());
        PolicySettingsMapping.assertEverySettingChanged(PolicySettingsMapping.map(EgressConfig.class,
                PolicySettingsMapping.everySettingChanged("egress.policy")).policy());
    }

    /** Listen address, timeouts and the ticket algorithm: names and defaults declared once in proxy-core. */
    @Test
    void listenTimeoutAndTicketSettingsTakeTheSharedNamesAndDefaults() {
        TierConfigMapping.assertDefaults(DEFAULTS);
        TierConfigMapping.assertDefaultTicketAlgorithm(DEFAULTS.ticket());
        EgressConfig changed = PolicySettingsMapping.map(EgressConfig.class, TierConfigMapping.everySettingChanged("egress"));
        TierConfigMapping.assertEverySettingChanged(changed, changed.ticket());
    }
}
