package com.aibang.egress.edge;

import com.aibang.egress.proxy.policy.PolicySettingsMapping;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The names and defaults declared once in proxy-core's PolicyClientSettings apply under edge.policy. */
class EdgePolicyDefaultsTest {

    @Test
    void unsetPropertiesTakeTheSharedDefaults() {
        PolicySettingsMapping.assertDefaults(PolicySettingsMapping.map(EdgeConfig.class, Map.of()).policy());
    }

    @Test
    void everySettingIsReadUnderItsEdgeName() {
        PolicySettingsMapping.assertEverySettingChanged(PolicySettingsMapping.map(EdgeConfig.class,
                PolicySettingsMapping.everySettingChanged("edge.policy")).policy());
    }
}
