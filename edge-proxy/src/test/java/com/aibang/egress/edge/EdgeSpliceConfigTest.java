package com.aibang.egress.edge;

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
 * edge.splice.* are checked when the proxy starts: a bad value stops the start (the exception of the startup
 * observer aborts Quarkus' start) naming the property, before anything is built or the settings in force change.
 */
class EdgeSpliceConfigTest {

    @AfterEach
    void restoreDefaults() {
        SplicePipeSettings.DEFAULTS.apply();
        SpliceBatchSettings.DEFAULTS.apply();
    }

    @Test
    void negativeBudgetStopsTheStartNamingTheProperty() {
        EdgeProxy proxy = new EdgeProxy();
        proxy.config = PolicySettingsMapping.map(EdgeConfig.class, Map.of("edge.splice.pipe-budget-bytes", "-1"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> proxy.onStart(null));
        assertEquals("edge.splice.pipe-budget-bytes must not be negative, got -1", refused.getMessage());
        assertNull(proxy.boundAddress(), "nothing listens");
        assertSame(SplicePipeSettings.DEFAULTS, SplicePipeSettings.current(), "the settings in force are unchanged");
    }

    @Test
    void readBatchSettingsAreReadAndBadValuesStopTheStartNamingTheProperty() {
        EdgeConfig config = PolicySettingsMapping.map(EdgeConfig.class, Map.of());
        assertEquals(SpliceBatchSettings.DEFAULTS, SpliceBatchSettings.from("edge", config));
        assertEquals(new SpliceBatchSettings(0, Duration.ofMillis(1)), SpliceBatchSettings.from("edge",
                PolicySettingsMapping.map(EdgeConfig.class,
                        Map.of("edge.splice.read-batch-bytes", "0", "edge.splice.read-batch-hold", "1ms"))));
        assertStartRefused("edge.splice.read-batch-bytes must be 0 (no batching) or from 65536 to 67108864, got 4096",
                "edge.splice.read-batch-bytes", "4096");
        assertStartRefused("edge.splice.read-batch-hold must be positive and at most 100ms, got PT0S",
                "edge.splice.read-batch-hold", "0s");
    }

    private static void assertStartRefused(String message, String property, String value) {
        EdgeProxy proxy = new EdgeProxy();
        proxy.config = PolicySettingsMapping.map(EdgeConfig.class, Map.of(property, value));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> proxy.onStart(null));
        assertEquals(message, refused.getMessage());
        assertNull(proxy.boundAddress(), "nothing listens");
        assertSame(SpliceBatchSettings.DEFAULTS, SpliceBatchSettings.current(), "the settings in force are unchanged");
        assertSame(SplicePipeSettings.DEFAULTS, SplicePipeSettings.current(), "the pipe settings too");
    }
}
