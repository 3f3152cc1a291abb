package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.http.TcpCongestion;
import com.aibang.egress.proxy.policy.PolicyClientSettings;
import com.aibang.egress.proxy.policy.PolicySettingsMapping;
import com.aibang.egress.proxy.policy.ReuseReporter;
import io.smallrye.config.ConfigMapping;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared settings as a tier maps them, and the places that repeat their defaults in code (ProxySettings.defaults,
 * ReuseReporter.Settings.defaults) agree with the mapping's defaults.
 */
class ProxyTierConfigTest {

    /** A tier's configuration reduced to what proxy-core declares for both tiers. */
    @ConfigMapping(prefix = "tier")
    interface SomeTier extends ProxyTierConfig {
        Ticket ticket();

        PolicyClientSettings policy();

        interface Ticket extends ProxyTierConfig.TicketAlgorithmSetting {
        }
    }

    private static SomeTier map(Map<String, String> properties) {
        return PolicySettingsMapping.map(SomeTier.class, properties);
    }

    @Test
    void unsetPropertiesTakeTheSharedDefaults() {
        SomeTier tier = map(Map.of());
        TierConfigMapping.assertDefaults(tier);
        TierConfigMapping.assertDefaultTicketAlgorithm(tier.ticket());
    }

    @Test
    void everySettingIsReadUnderTheTiersPrefix() {
        SomeTier tier = map(TierConfigMapping.everySettingChanged("tier"));
        TierConfigMapping.assertEverySettingChanged(tier, tier.ticket());
    }

    @Test
    void aCongestionControlThatCannotBeANameStopsTheStartNamingTheProperty() {
        SomeTier tier = map(Map.of("tier.tcp-congestion-control", "reno; cubic"));
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> TcpCongestion.configure("tier", tier));
        assertTrue(refused.getMessage().startsWith("tier.tcp-congestion-control must be a congestion control name"),
                refused.getMessage());
    }

    @Test
    void theDefaultsInCodeAreTheMappingsDefaults() {
        SomeTier tier = map(Map.of());
        for (ProxyTier proxyTier : ProxyTier.values()) {
            assertEquals(ProxySettings.defaults(proxyTier, "0.0.0.0", 3128), ProxySettings.from("tier", proxyTier, tier));
        }
        assertEquals(SplicePipeSettings.DEFAULTS, SplicePipeSettings.from("tier", tier));
        PolicyClientSettings.ReuseReport report = tier.policy().decisionCache().report();
        ReuseReporter.Settings defaults = ReuseReporter.Settings.defaults();
        assertEquals(report.interval(), defaults.interval());
        assertEquals(report.maxRequestIds(), defaults.maxRequestIds());
        assertEquals(report.maxPending(), defaults.maxPending());
    }

    @Test
    void onlyTier2TakesTheRequestIdFromItsCaller() {
        SomeTier tier = map(Map.of());
        assertFalse(ProxySettings.from("edge", ProxyTier.EDGE, tier).trustIncomingRequestId());
        assertTrue(ProxySettings.from("egress", ProxyTier.EGRESS, tier).trustIncomingRequestId());
    }

    @Test
    void badValuesAreRefusedNamingTheProperty() {
        assertRefused("tier.listen.port must be 0..65535, got 70000", Map.of("tier.listen.port", "70000"));
        assertRefused("tier.listen.port must be 0..65535, got -1", Map.of("tier.listen.port", "-1"));
        assertRefused("tier.connect-timeout must be positive, got PT0S", Map.of("tier.connect-timeout", "0s"));
        assertRefused("tier.upstream-timeout must be positive, got PT-1S", Map.of("tier.upstream-timeout", "-1s"));
        assertRefused("tier.idle-timeout must be positive, got PT0S", Map.of("tier.idle-timeout", "0s"));
        assertRefused("tier.event-loop-threads must be 0 (one per processor) or more, got -1",
                Map.of("tier.event-loop-threads", "-1"));
    }

    @Test
    void spliceSettingsAreReadAndBadValuesRefusedNamingTheProperty() {
        assertEquals(new SplicePipeSettings(262144, 4194304), SplicePipeSettings.from("tier",
                map(TierConfigMapping.everySettingChanged("tier"))));
        assertEquals(new SplicePipeSettings(0, 0), SplicePipeSettings.from("tier",
                map(Map.of("tier.splice.pipe-bytes", "0", "tier.splice.pipe-budget-bytes", "0"))));
        assertSpliceRefused("tier.splice.pipe-bytes must be 0 (the kernel's default size) or from 4096 to 1073741824, "
                + "got 100", Map.of("tier.splice.pipe-bytes", "100"));
        assertSpliceRefused("tier.splice.pipe-bytes must be 0 (the kernel's default size) or from 4096 to 1073741824, "
                + "got -1", Map.of("tier.splice.pipe-bytes", "-1"));
        assertSpliceRefused("tier.splice.pipe-budget-bytes must not be negative, got -5",
                Map.of("tier.splice.pipe-budget-bytes", "-5"));
        assertSpliceRefused("tier.splice.pipe-budget-bytes must be at least tier.splice.pipe-bytes (1048576), or set "
                + "tier.splice.pipe-bytes to 0 for the kernel's default size; got 65536",
                Map.of("tier.splice.pipe-budget-bytes", "65536"));
    }

    private static void assertSpliceRefused(String message, Map<String, String> properties) {
        SomeTier tier = map(properties);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SplicePipeSettings.from("tier", tier));
        assertEquals(message, refused.getMessage());
    }

    private static void assertRefused(String message, Map<String, String> properties) {
        SomeTier tier = map(properties);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ProxySettings.from("tier", ProxyTier.EDGE, tier));
        assertEquals(message, refused.getMessage());
    }
}
