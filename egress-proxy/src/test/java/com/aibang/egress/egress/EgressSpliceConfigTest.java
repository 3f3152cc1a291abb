package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.aibang.egress.proxy.SpliceBatchSettings;
import com.aibang.egress.proxy.SplicePipeSettings;
import com.aibang.egress.proxy.policy.PolicySettingsMapping;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * egress.splice.* are checked when the proxy starts: a bad value stops the start (the exception of the startup
 * observer aborts Quarkus' start) naming the property, before anything listens or the settings in force change.
 */
class EgressSpliceConfigTest {

    @AfterEach
    void restoreDefaults() {
        SplicePipeSettings.DEFAULTS.apply();
        SpliceBatchSettings.DEFAULTS.apply();
    }

    @Test
    void pipeSizeBelowOnePageStopsTheStartNamingTheProperty() {
        EgressProxy proxy = proxyWith(Map.of("egress.splice.pipe-bytes", "100"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> proxy.onStart(null));
        assertEquals("egress.splice.pipe-bytes must be 0 (the kernel's default size) or from 4096 to 1073741824, got 100",
                refused.getMessage());
        assertNull(proxy.boundAddress(), "nothing listens");
        assertSame(SplicePipeSettings.DEFAULTS, SplicePipeSettings.current(), "the settings in force are unchanged");
    }

    @Test
    void budgetBelowOnePipeStopsTheStartNamingTheProperty() {
        EgressProxy proxy = proxyWith(Map.of("egress.splice.pipe-bytes", "262144",
                "egress.splice.pipe-budget-bytes", "4096"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> proxy.onStart(null));
        assertEquals("egress.splice.pipe-budget-bytes must be at least egress.splice.pipe-bytes (262144), or set "
                + "egress.splice.pipe-bytes to 0 for the kernel's default size; got 4096", refused.getMessage());
        assertNull(proxy.boundAddress(), "nothing listens");
    }

    private static EgressProxy proxyWith(Map<String, String> properties) {
        EgressProxy proxy = new EgressProxy();
        proxy.config = PolicySettingsMapping.map(EgressConfig.class, properties);
        return proxy;
    }

    @Test
    void readBatchSettingsAreReadAndBadValuesStopTheStartNamingTheProperty() {
        EgressConfig config = PolicySettingsMapping.map(EgressConfig.class, Map.of());
        assertEquals(SpliceBatchSettings.DEFAULTS, SpliceBatchSettings.from("egress", config));
        assertEquals(new SpliceBatchSettings(0, Duration.ofMillis(1)), SpliceBatchSettings.from("egress",
                PolicySettingsMapping.map(EgressConfig.class,
                        Map.of("egress.splice.read-batch-bytes", "0", "egress.splice.read-batch-hold", "1ms"))));
        assertStartRefused("egress.splice.read-batch-bytes must be 0 (no batching) or from 65536 to 67108864, got 4096",
                "egress.splice.read-batch-bytes", "4096");
        assertStartRefused("egress.splice.read-batch-hold must be positive and at most 100ms, got PT0S",
                "egress.splice.read-batch-hold", "0s");
    }

    private static void assertStartRefused(String message, String property, String value) {
        EgressProxy proxy = new EgressProxy();
        proxy.config = PolicySettingsMapping.map(EgressConfig.class, Map.of(property, value));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> proxy.onStart(null));
        assertEquals(message, refused.getMessage());
        assertNull(proxy.boundAddress(), "nothing listens");
        assertSame(SpliceBatchSettings.DEFAULTS, SpliceBatchSettings.current(), "the settings in force are unchanged");
        assertSame(SplicePipeSettings.DEFAULTS, SplicePipeSettings.current(), "the pipe settings too");
    }
}
