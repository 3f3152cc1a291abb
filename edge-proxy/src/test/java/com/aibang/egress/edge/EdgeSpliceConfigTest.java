package com.aibang.egress.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.aibang.egress.proxy.SplicePipeSettings;
import com.aibang.egress.proxy.policy.PolicySettingsMapping;
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
}
